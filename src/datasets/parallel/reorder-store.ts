// Bytes of batches that arrived before their turn: copies in a few reused buffers, past a bound in a temporary file.
import { SpillStore, type SpillRef } from "../spill-store.js";
import { batchBytes } from "./batch-encoder.js";

/** Bytes held in memory at most; more go to the temporary file. */
export const reorderMemoryBytes = 1 << 24;

/** Where held bytes lie. */
export type Held = { memory: Buffer; length: number } | { spilled: SpillRef };

/**
 * Holds copies so that the worker's buffer can go back at once (a worker never waits for its turn to get buffers).
 * Memory: at most {@link reorderMemoryBytes} of copies plus one read buffer, whatever the imbalance between workers.
 */
export class ReorderStore {
  private readonly spill = new SpillStore();
  private readonly spare: Buffer[] = [];
  private inMemory = 0;
  private reading = Buffer.alloc(0);

  /** Keeps a copy of `bytes`. */
  hold(bytes: Uint8Array): Held {
    if (this.inMemory + bytes.length > reorderMemoryBytes) return { spilled: this.spill.putBytes(bytes) };
    const memory = bytes.length <= batchBytes ? (this.spare.pop() ?? Buffer.allocUnsafe(batchBytes)) : Buffer.allocUnsafe(bytes.length);
    memory.set(bytes);
    this.inMemory += memory.length;
    return { memory, length: bytes.length };
  }

  /** The held bytes, valid until the next read() or release(). */
  read(held: Held): Buffer {
    if ("memory" in held) return held.memory.subarray(0, held.length);
    if (this.reading.length < held.spilled.length) this.reading = Buffer.allocUnsafe(Math.max(held.spilled.length, batchBytes));
    return this.spill.readInto(held.spilled, this.reading);
  }

  /** The held bytes are no longer needed. */
  release(held: Held): void {
    if (!("memory" in held)) return;
    this.inMemory -= held.memory.length;
    if (held.memory.length === batchBytes) this.spare.push(held.memory);
  }

  /** Deletes the temporary file. */
  async dispose(): Promise<void> {
    await this.spill.dispose();
  }
}
