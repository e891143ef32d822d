// Collects a worker's prepared items and their UTF-8 texts into batches whose buffer is transferred, not copied.
import { writeJsonString } from "./json-string-bytes.js";
import type { ByteRange, PreparedItem } from "./protocol.js";

/** Size of a batch's buffer: large enough that messages are few, small enough that little waits in memory. */
export const batchBytes = 1 << 21;

/** One batch ready to post: its items and the bytes their ranges point into. */
export type EncodedBatch = { items: PreparedItem[]; buffer: ArrayBuffer | null; length: number };

/**
 * Batch buffers of one worker. The main thread transfers each buffer back once it has written or stored its bytes, so
 * the same few buffers go round (a fresh buffer per batch cost page faults on both threads and left the main thread
 * holding transferred buffers until its next garbage collection).
 */
export class BufferRing {
  private readonly free: ArrayBuffer[] = [];
  private allocated = 0;
  private waiting: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  /** A buffer of at least `bytes` (a recycled one when it is large enough; larger ones are made for the occasion). */
  take(bytes: number): ArrayBuffer {
    if (bytes <= batchBytes) {
      const recycled = this.free.pop();
      if (recycled !== undefined) return recycled;
      this.allocated += 1;
      return new ArrayBuffer(batchBytes);
    }
    return new ArrayBuffer(bytes);
  }

  /** Takes back a buffer the main thread returned (only standard-size ones are kept). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength !== batchBytes) return;
    this.free.push(buffer);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  /** Resolves once a buffer may be taken without going over the limit of buffers in flight. */
  async available(): Promise<void> {
    while (this.free.length === 0 && this.allocated >= this.limit) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }
}

/**
 * Texts are encoded with Buffer#write into the batch's own buffer (no Buffer per text). The texts of one record are
 * reserved together ({@link reserve}) so that they always land in the same batch.
 */
export class BatchEncoder {
  private buffer: Buffer | undefined;
  private used = 0;
  private items: PreparedItem[] = [];

  constructor(private readonly ring: BufferRing = new BufferRing(Infinity)) {}

  /** Items waiting in the current batch. */
  get pending(): number {
    return this.items.length;
  }

  /** True when the current batch should be posted before adding more. */
  get full(): boolean {
    return this.buffer !== undefined && this.used >= this.buffer.length;
  }

  /**
   * Makes room for `bytes` in the current batch (texts of n UTF-16 code units take at most 3n bytes, as JSON strings
   * jsonStringMaxBytes); returns the batch to post first when they may not fit in it (they then start a new one).
   */
  reserve(bytes: number): EncodedBatch | undefined {
    if (this.buffer !== undefined && this.buffer.length - this.used >= bytes) return undefined;
    const finished = this.items.length > 0 || this.used > 0 ? this.take() : undefined;
    // Its own ArrayBuffer (never Node's shared pool), so it can be transferred whole.
    this.buffer = Buffer.from(this.ring.take(bytes));
    this.used = 0;
    return finished;
  }

  /** Writes a text reserved before; returns its range. */
  put(text: string): ByteRange {
    const buffer = this.buffer as Buffer;
    const length = buffer.write(text, this.used, "utf8");
    const range: ByteRange = [this.used, length];
    this.used += length;
    return range;
  }

  /** Where the next text goes. */
  get position(): number {
    return this.used;
  }

  /** Writes one byte, in room reserved before. */
  putByte(byte: number): void {
    (this.buffer as Buffer)[this.used] = byte;
    this.used += 1;
  }

  /** Writes a text as UTF-8 after a 4-byte little-endian length, in room reserved before. */
  putSizedText(text: string): void {
    const buffer = this.buffer as Buffer;
    const length = buffer.write(text, this.used + 4, "utf8");
    buffer.writeUInt32LE(length, this.used);
    this.used += 4 + length;
  }

  /** Writes a text as a JSON string (`JSON.stringify(text)`), in room reserved before. */
  putJsonString(text: string): void {
    this.used += writeJsonString(text, this.buffer as Buffer, this.used);
  }

  add(item: PreparedItem): void {
    this.items.push(item);
  }

  /** The current batch (items and its buffer, to transfer); the encoder starts an empty one. */
  take(): EncodedBatch {
    const buffer = this.buffer === undefined ? null : (this.buffer.buffer as ArrayBuffer);
    const batch = { items: this.items, buffer, length: buffer === null ? 0 : this.used };
    this.items = [];
    this.buffer = undefined;
    this.used = 0;
    return batch;
  }
}
