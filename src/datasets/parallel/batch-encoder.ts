// Collects a worker's prepared items and their UTF-8 texts into batches whose buffer is transferred, not copied.
import type { ByteRange, PreparedItem } from "./protocol.js";

/** Target size of a batch's buffer: large enough that messages are few, small enough that little waits in memory. */
export const batchBytes = 1 << 21;

/** One batch ready to post: its items and the bytes their ranges point into. */
export type EncodedBatch = { items: PreparedItem[]; buffer: ArrayBuffer | null; length: number };

/**
 * Texts are encoded with Buffer#write into the batch's own buffer (no Buffer per text). The texts of one record are
 * reserved together ({@link reserve}) so that they always land in the same batch.
 */
export class BatchEncoder {
  private buffer: Buffer | undefined;
  private used = 0;
  private items: PreparedItem[] = [];

  /** Items waiting in the current batch. */
  get pending(): number {
    return this.items.length;
  }

  /** True when the current batch should be posted before adding more. */
  get full(): boolean {
    return this.used >= batchBytes;
  }

  /**
   * Makes room for texts of `characters` UTF-16 code units in all (at most 3 UTF-8 bytes each) in the current batch;
   * returns the batch to post first when they may not fit in it (they then start a new one).
   */
  reserve(characters: number): EncodedBatch | undefined {
    const bytes = characters * 3;
    if (this.buffer !== undefined && this.buffer.length - this.used >= bytes) return undefined;
    const finished = this.items.length > 0 || this.used > 0 ? this.take() : undefined;
    // Its own ArrayBuffer (never Node's shared pool), so it can be transferred whole.
    this.buffer = Buffer.from(new ArrayBuffer(Math.max(batchBytes, bytes)));
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

  add(item: PreparedItem): void {
    this.items.push(item);
  }

  /** The current batch (items and its buffer, to transfer); the encoder starts an empty one. */
  take(): EncodedBatch {
    const buffer = this.buffer === undefined || this.used === 0 ? null : (this.buffer.buffer as ArrayBuffer);
    const batch = { items: this.items, buffer, length: buffer === null ? 0 : this.used };
    this.items = [];
    this.buffer = undefined;
    this.used = 0;
    return batch;
  }
}
