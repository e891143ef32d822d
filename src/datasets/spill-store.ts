// A temporary append-only file of JSON texts addressed by (offset, length), so DPO pairing keeps only indexes in memory.
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAt } from "../util/read-at.js";

/** Texts up to a third of this are encoded into one reused buffer. */
const scratchBytes = 1 << 22;
/** Shared by every store of the thread: a text is encoded and written before put() returns. */
let scratch: Buffer | undefined;
/**
 * Referenced files a store keeps open at most; bytes of further files are copied into its own file. Small enough for
 * a soft limit of 256 open files (a build may hold a DPO and a reorder store besides Node's own descriptors).
 */
export const maxReferencedFiles = 64;

export type SpillRef = { offset: number; length: number };

/** How a referenced file is named in errors, and what the reader can do about it (appended). */
export type ReferenceLabel = { name: string; hint: string };

const ownFile: ReferenceLabel = { name: "spill file", hint: "" };

/** Reads exactly `length` bytes at `position` of `fd` into the start of `buffer`; `label` words the error. */
function readExactly(fd: number, buffer: Buffer, length: number, position: number, label: ReferenceLabel): Buffer {
  const read = readAt(fd, buffer, 0, length, position);
  if (read < length) throw new Error(`${label.name} ended at ${position + read} (expected ${position + length})${label.hint}`);
  return buffer.subarray(0, length);
}

/** A run of the store's offsets and where its bytes lie: the store's own file (fd undefined) or a referenced file. */
type Segment = { start: number; length: number; fd: number | undefined; position: number; label: ReferenceLabel };

/**
 * Stores texts on disk and reads them back by reference; memory use is independent of what was stored. Bytes that
 * already lie in a file that nobody changes (a prepared-record cache entry, see {@link reference}) are not copied:
 * their offsets point into that file. Writes and reads are synchronous calls on local files (page-cache copies): an
 * awaited thread-pool round trip per text cost more than the copy itself (DPO on 200 MB spent 1.3 s idle on them).
 */
export class SpillStore {
  private fd: number | undefined;
  private directory: string | undefined;
  /** Offsets handed out so far (own and referenced bytes). */
  private size = 0;
  /** Bytes in the store's own file. */
  private ownSize = 0;
  private readonly segments: Segment[] = [];
  private readonly referenced = new Map<string, number>();
  private inPlace = 0;

  /** `maxFiles`: referenced files kept open at most (default {@link maxReferencedFiles}). */
  constructor(private readonly maxFiles = maxReferencedFiles) {}

  private file(): number {
    if (this.fd !== undefined) return this.fd;
    this.directory = mkdtempSync(join(tmpdir(), "entropo-spill-"));
    this.fd = openSync(join(this.directory, "values.jsonl"), "w+");
    return this.fd;
  }

  /** Bytes stored so far (own and referenced). */
  get bytes(): number {
    return this.size;
  }

  /** Referenced files held open (their bytes were not copied). */
  get openReferences(): number {
    return this.referenced.size;
  }

  /** Bytes stored by reference and read where they lie (not copied). */
  get bytesInPlace(): number {
    return this.inPlace;
  }

  /** Gives `length` new offsets to bytes at `position` of `fd` (undefined: the store's own file). */
  private extend(length: number, fd: number | undefined, position: number, label = ownFile): SpillRef {
    const last = this.segments.at(-1);
    if (last !== undefined && last.fd === fd && last.position + last.length === position) last.length += length;
    else this.segments.push({ start: this.size, length, fd, position, label });
    const ref = { offset: this.size, length };
    this.size += length;
    return ref;
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
    const fd = this.file();
    let written = 0;
    while (written < length) written += writeSync(fd, bytes, written, length - written, this.ownSize + written);
    const ref = this.extend(length, undefined, this.ownSize);
    this.ownSize += length;
    return ref;
  }

  /**
   * Stores `length` bytes at `position` of the file at `path` by reference. `path` must be a private name of the
   * caller's (a link): the first time it is seen it is opened and removed, and the open file is read until
   * {@link dispose}; its bytes must never change. Past the store's limit of open files the bytes are copied instead
   * (the name then stays, for later parts of it, and is the caller's to remove). Throws when the file cannot be opened
   * or is shorter; `label` words those errors.
   */
  reference(path: string, position: number, length: number, label: ReferenceLabel = { name: path, hint: "" }): SpillRef {
    let fd = this.referenced.get(path);
    if (fd === undefined && this.referenced.size < this.maxFiles) {
      fd = openSync(path, "r");
      this.referenced.set(path, fd);
      try {
        unlinkSync(path);
      } catch {
        // Already gone: the open file still reads.
      }
    }
    if (fd !== undefined) {
      this.inPlace += length;
      return this.extend(length, fd, position, label);
    }
    const copy = Buffer.allocUnsafe(length);
    const once = openSync(path, "r");
    try {
      readExactly(once, copy, length, position, { name: label.name, hint: "" });
    } finally {
      closeSync(once);
    }
    return this.putBytes(copy);
  }

  /** The segment holding `offset` (segments are in offset order). */
  private segment(offset: number): Segment {
    const segments = this.segments;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((segments[middle] as Segment).start <= offset) low = middle;
      else high = middle - 1;
    }
    const found = segments[low];
    if (found === undefined || offset < found.start || offset >= found.start + found.length) throw new Error(`spill offset ${offset} was never stored`);
    return found;
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
    if (ref.length === 0) return buffer.subarray(0, 0);
    const segment = this.segment(ref.offset);
    const position = segment.position + (ref.offset - segment.start);
    return readExactly(segment.fd ?? this.file(), buffer, ref.length, position, segment.label);
  }

  /** Closes and deletes the temporary file, and closes the referenced files. */
  async dispose(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.directory !== undefined) rmSync(this.directory, { recursive: true, force: true });
    for (const fd of this.referenced.values()) closeSync(fd);
    this.referenced.clear();
    this.segments.length = 0;
    this.fd = undefined;
    this.directory = undefined;
    this.size = 0;
    this.ownSize = 0;
    this.inPlace = 0;
  }
}
