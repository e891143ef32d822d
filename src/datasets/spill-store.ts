// A temporary append-only file of JSON texts addressed by (offset, length), so DPO pairing keeps only indexes in memory.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Texts up to a third of this are encoded into one reused buffer. */
const scratchBytes = 1 << 22;
/** Shared by every store of the thread: a text is encoded and written before put() returns. */
let scratch: Buffer | undefined;

export type SpillRef = { offset: number; length: number };

/**
 * Stores texts on disk and reads them back by reference; memory use is independent of what was stored. Writes and
 * reads are synchronous calls on a local temporary file (page-cache copies): an awaited thread-pool round trip per
 * text cost more than the copy itself (DPO on 200 MB spent 1.3 s idle waiting on them).
 */
export class SpillStore {
  private fd: number | undefined;
  private directory: string | undefined;
  private size = 0;

  private file(): number {
    if (this.fd !== undefined) return this.fd;
    this.directory = mkdtempSync(join(tmpdir(), "entropo-spill-"));
    this.fd = openSync(join(this.directory, "values.jsonl"), "w+");
    return this.fd;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  /** Appends a text (UTF-8) and returns where it lies. */
  async put(text: string): Promise<SpillRef> {
    // Encoded into a reused buffer: Buffer.from per text costs several times the encoding itself.
    if (text.length * 3 > scratchBytes) return this.putBytes(Buffer.from(text, "utf8"));
    scratch ??= Buffer.allocUnsafe(scratchBytes);
    const length = scratch.write(text, 0, "utf8");
    return this.putBytes(scratch.subarray(0, length));
  }

  /** Appends bytes (already UTF-8 text) and returns where they lie. */
  putBytes(bytes: Uint8Array): SpillRef {
    const length = bytes.length;
    let written = 0;
    while (written < length) written += writeSync(this.file(), bytes, written, length - written, this.size + written);
    const ref = { offset: this.size, length };
    this.size += length;
    return ref;
  }

  /** Reads a text back. */
  async get(ref: SpillRef): Promise<string> {
    return this.getBytes(ref).toString("utf8");
  }

  /** Reads stored bytes back into a new buffer. */
  getBytes(ref: SpillRef): Buffer {
    return this.readInto(ref, Buffer.allocUnsafe(ref.length));
  }

  /** Reads stored bytes back into the start of `buffer` (at least `ref.length` long); returns the part read. */
  readInto(ref: SpillRef, buffer: Buffer): Buffer {
    let read = 0;
    while (read < ref.length) {
      const bytesRead = readSync(this.file(), buffer, read, ref.length - read, ref.offset + read);
      if (bytesRead === 0) throw new Error(`spill file ended at ${ref.offset + read} (expected ${ref.offset + ref.length})`);
      read += bytesRead;
    }
    return buffer.subarray(0, ref.length);
  }

  /** Closes and deletes the temporary file. */
  async dispose(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.directory !== undefined) rmSync(this.directory, { recursive: true, force: true });
    this.fd = undefined;
    this.directory = undefined;
  }
}
