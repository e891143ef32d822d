// One entry of the prepared-record cache: a task's batches (items and bytes) in one file, written to a temporary name
// and renamed into place; its structure and checksums are checked whole before any batch of it is used.
import { randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, renameSync, rmSync, utimesSync, writeSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import { crc32 } from "node:zlib";
import { readFully } from "../../util/read-at.js";
import type { PreparedItem } from "./protocol.js";

const head = Buffer.from("entropo-prepared-2\n");
const tail = Buffer.from("\nend\n");
/** Per batch: last (u8), has bytes (u8), items length (u32), bytes length (u32), CRC-32 of items and bytes (u32). */
const frameHeader = 14;
/** Bytes read at a time when an entry's checksums are verified (into one buffer reused by the thread). */
const checkChunk = 1 << 20;
let checkScratch: Buffer | undefined;

/** The temporary files of one build carry its tag: `<key>.tmp-<build>-<random>` (see removeTemporary). */
export function temporaryName(path: string, build: string): string {
  return `${path}.tmp-${build}-${randomBytes(6).toString("hex")}`;
}

/** Appends a task's batches to a temporary file; {@link commit} renames it to the entry's path. */
export class EntryWriter {
  private readonly fd: number;
  private readonly temporary: string;
  private count = 0;

  constructor(private readonly path: string, build: string) {
    this.temporary = temporaryName(path, build);
    this.fd = openSync(this.temporary, "w");
    writeSync(this.fd, head);
  }

  /** Appends one batch (items as the structured clone postMessage makes: v8 serialization; bytes copied now). */
  add(items: PreparedItem[], bytes: Uint8Array | null, last: boolean): void {
    const encoded = serialize(items);
    const header = Buffer.alloc(frameHeader);
    header.writeUInt8(last ? 1 : 0, 0);
    header.writeUInt8(bytes === null ? 0 : 1, 1);
    header.writeUInt32LE(encoded.length, 2);
    header.writeUInt32LE(bytes === null ? 0 : bytes.length, 6);
    header.writeUInt32LE(bytes === null ? crc32(encoded) : crc32(bytes, crc32(encoded)), 10);
    writeSync(this.fd, header);
    writeSync(this.fd, encoded);
    if (bytes !== null && bytes.length > 0) writeSync(this.fd, bytes);
    this.count += 1;
  }

  /** Ends the file with the batch count and moves it into place atomically. */
  commit(): void {
    const count = Buffer.alloc(4);
    count.writeUInt32LE(this.count, 0);
    writeSync(this.fd, count);
    writeSync(this.fd, tail);
    closeSync(this.fd);
    renameSync(this.temporary, this.path);
  }

  /** Drops the temporary file (the task failed or its entry could not be written). */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    rmSync(this.temporary, { force: true });
  }
}

/** A batch of an entry: its items, and where its bytes lie in the entry file (null: none). */
export type CachedBatch = { items: PreparedItem[]; bytes: { position: number; length: number } | null; last: boolean };

/** An open entry whose structure was checked: its batches (items read, bytes left in the file) and the file. */
export type OpenEntry = { fd: number; batches: CachedBatch[] };

/** CRC-32 of `length` bytes of the file at `position`, continuing from `initial`; -1 at an early end of file. */
function bytesCrc(fd: number, position: number, length: number, initial: number): number {
  checkScratch ??= Buffer.allocUnsafe(checkChunk);
  const chunk = checkScratch;
  let crc = initial;
  for (let done = 0; done < length; done += chunk.length) {
    const part = Math.min(chunk.length, length - done);
    if (!readFully(fd, chunk, 0, part, position + done)) return -1;
    crc = crc32(chunk.subarray(0, part), crc);
  }
  return crc;
}

/** Walks an entry's frames (items read, bytes checksummed); undefined when they do not form a complete, intact entry. */
function checkEntry(fd: number, size: number): CachedBatch[] | undefined {
  const end = size - tail.length - 4;
  const ends = Buffer.alloc(tail.length + 4);
  const start = Buffer.alloc(head.length);
  if (end < head.length || !readFully(fd, start, 0, head.length, 0) || !readFully(fd, ends, 0, ends.length, end)) return undefined;
  if (!start.equals(head) || !ends.subarray(4).equals(tail)) return undefined;
  const batches: CachedBatch[] = [];
  const header = Buffer.alloc(frameHeader);
  let at = head.length;
  while (at < end) {
    if (at + frameHeader > end || !readFully(fd, header, 0, frameHeader, at)) return undefined;
    const itemsLength = header.readUInt32LE(2);
    const bytesLength = header.readUInt32LE(6);
    const itemsEnd = at + frameHeader + itemsLength;
    if (itemsEnd + bytesLength > end) return undefined;
    const encoded = Buffer.alloc(itemsLength);
    if (!readFully(fd, encoded, 0, itemsLength, at + frameHeader)) return undefined;
    if (bytesCrc(fd, itemsEnd, bytesLength, crc32(encoded)) !== header.readUInt32LE(10)) return undefined;
    let items: unknown;
    try {
      items = deserialize(encoded);
    } catch {
      return undefined;
    }
    if (!Array.isArray(items)) return undefined;
    batches.push({ items: items as PreparedItem[], bytes: header.readUInt8(1) === 1 ? { position: itemsEnd, length: bytesLength } : null, last: header.readUInt8(0) === 1 });
    at = itemsEnd + bytesLength;
  }
  const complete = at === end && batches.length === ends.readUInt32LE(0) && batches.at(-1)?.last === true && batches.slice(0, -1).every((batch) => !batch.last);
  return complete ? batches : undefined;
}

/**
 * Opens the entry at `path` and checks it whole (its times touched: the size bound removes the least recently used
 * first); undefined when there is none or it is truncated or corrupt. The caller closes `fd`.
 */
export function openEntry(path: string): OpenEntry | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  let batches: CachedBatch[] | undefined;
  try {
    batches = checkEntry(fd, fstatSync(fd).size);
  } catch {
    batches = undefined;
  }
  if (batches === undefined) {
    closeSync(fd);
    return undefined;
  }
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // Removed meanwhile by another build's size bound: the open file still reads.
  }
  return { fd, batches };
}
