// One entry of the prepared-record cache: a task's batches (items and bytes) in one file, written to a temporary name
// and renamed into place; read back whole and checked before any batch of it is used.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, renameSync, rmSync, utimesSync, writeSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import type { PreparedItem } from "./protocol.js";

/** A batch as posted: its items, its bytes (null: none) and whether it ends the task. */
export type CachedBatch = { items: PreparedItem[]; bytes: Buffer | null; last: boolean };

const head = Buffer.from("entropo-prepared-1\n");
const tail = Buffer.from("\nend\n");
/** Per batch: last (u8), has bytes (u8), items length (u32), bytes length (u32). */
const frameHeader = 10;

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

/** Parses an entry's bytes; undefined when they are not a complete entry (truncated, corrupt, another format). */
export function parseEntry(data: Buffer): CachedBatch[] | undefined {
  const end = data.length - tail.length - 4;
  if (end < head.length || !data.subarray(0, head.length).equals(head) || !data.subarray(end + 4).equals(tail)) return undefined;
  const batches: CachedBatch[] = [];
  let at = head.length;
  while (at < end) {
    if (at + frameHeader > end) return undefined;
    const last = data.readUInt8(at) === 1;
    const hasBytes = data.readUInt8(at + 1) === 1;
    const itemsLength = data.readUInt32LE(at + 2);
    const bytesLength = data.readUInt32LE(at + 6);
    const itemsEnd = at + frameHeader + itemsLength;
    if (itemsEnd + bytesLength > end) return undefined;
    let items: unknown;
    try {
      items = deserialize(data.subarray(at + frameHeader, itemsEnd));
    } catch {
      return undefined;
    }
    if (!Array.isArray(items)) return undefined;
    batches.push({ items: items as PreparedItem[], bytes: hasBytes ? data.subarray(itemsEnd, itemsEnd + bytesLength) : null, last });
    at = itemsEnd + bytesLength;
  }
  const complete = at === end && batches.length === data.readUInt32LE(end) && batches.at(-1)?.last === true && batches.slice(0, -1).every((batch) => !batch.last);
  return complete ? batches : undefined;
}

/** The entry at `path` (its times touched: the size bound removes the least recently used first), or undefined. */
export function readEntry(path: string): CachedBatch[] | undefined {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return undefined;
  }
  const batches = parseEntry(data);
  if (batches !== undefined) {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // Removed meanwhile by another build's size bound: the batches are in hand.
    }
  }
  return batches;
}
