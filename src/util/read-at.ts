// Positional reads of a file descriptor that loop until the bytes asked for are read or the file ends.
import { readSync } from "node:fs";

/** Reads up to `length` bytes at `position` of `fd` into `target` (from `offset`); returns how many (fewer at the end of file). */
export function readAt(fd: number, target: Uint8Array, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const read = readSync(fd, target, offset + done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done;
}

/** Reads exactly `length` bytes at `position` of `fd` into `target` (from `offset`); false at an early end of file. */
export function readFully(fd: number, target: Uint8Array, offset: number, length: number, position: number): boolean {
  return readAt(fd, target, offset, length, position) === length;
}
