// Main-thread side of prepared records: the stateful steps of the serial loop (dedup, supersede, pairing, writing), in order.
import type { InputError } from "../../core/errors.js";
import type { StatsAccumulator } from "../dataset-stats.js";
import type { DpoPairer, PairOrigin } from "../dpo-pairs.js";
import type { KtoInterleaver } from "../kto-interleave.js";
import type { PairScope } from "../recipes.js";
import type { RowWriter } from "../row-writer.js";
import { inputErrorFrom } from "./error-data.js";
import type { ByteRange, PreparedKind, PreparedRecord } from "./protocol.js";
import type { OrderedBatch } from "./worker-pool.js";

/** What the build keeps across records (shared with the serial loop's counters and summary). */
export type ApplyState = {
  kind: PreparedKind;
  writer: RowWriter;
  pairer: DpoPairer | undefined;
  interleaver: KtoInterleaver | undefined;
  pairScope: PairScope;
  skipInvalid: boolean;
  stats: StatsAccumulator;
  dropped: Record<string, number>;
  skipped: InputError[];
  kto: { desirable: number; undesirable: number };
  toolsSeen: boolean;
  read: number;
};

/** Applies batches of prepared records in input order, with the outcome the serial loop (build-dataset.ts) has. */
export class PreparedApplier {
  private readonly seen = new Set<string>();

  constructor(private readonly state: ApplyState) {}

  private origin(item: PreparedRecord, batch: OrderedBatch): PairOrigin {
    const scope = this.state.pairScope === "source" ? `source:${batch.source}` : this.state.pairScope === "model" ? `model:${item.model ?? ""}` : "";
    return { scope, file: batch.file };
  }

  /** Applies every item of a batch; a failed task or (without --skip-invalid) an invalid record throws. */
  apply(batch: OrderedBatch): void {
    const state = this.state;
    for (const item of batch.items) {
      if (item.type === "failed") throw item.input !== undefined ? inputErrorFrom(item.input) : new Error(item.message);
      if (item.type === "invalid") {
        const error = inputErrorFrom(item.error);
        if (!state.skipInvalid) throw error;
        state.skipped.push(error);
        continue;
      }
      state.read += 1;
      // A worker sends a prompt's texts with the first of its records that has it, which is applied before the others.
      if (item.pair?.prompt !== undefined) {
        const tools = item.pair.tools === undefined ? undefined : this.ref(batch, item.pair.tools);
        state.pairer?.registerPrompt(item.pair.digest, this.ref(batch, item.pair.prompt), tools);
      }
      let reason = item.filtered;
      if (reason === undefined && item.digest !== undefined) {
        if (this.seen.has(item.digest)) reason = "duplicate";
        else this.seen.add(item.digest);
      }
      if (reason === undefined && state.kind === "dpo") state.pairer?.supersede(item.instance, this.origin(item, batch));
      reason ??= item.dropped;
      if (reason !== undefined) {
        state.dropped[reason] = (state.dropped[reason] ?? 0) + 1;
        continue;
      }
      if (item.toolsSeen === true) state.toolsSeen = true;
      if (item.summary !== undefined) state.stats.addSummary(item.summary);
      this.use(item, batch);
    }
  }

  /** Writes, pairs or queues a kept record. */
  private use(item: PreparedRecord, batch: OrderedBatch): void {
    const state = this.state;
    if (item.pair !== undefined) {
      state.pairer?.addStored(item.instance, item.pair.digest, this.ref(batch, item.pair.remainder), item.pair.resolved, this.origin(item, batch));
      return;
    }
    if (item.row === undefined) return;
    if (state.kind === "kto") {
      if (item.resolved === true) state.kto.desirable += 1;
      else state.kto.undesirable += 1;
      state.interleaver?.addStored(item.instance, this.ref(batch, item.row));
      return;
    }
    const [offset, length] = item.row;
    state.writer.addBytes((batch.bytes as Buffer).subarray(offset, offset + length));
  }

  /** Where a range of the batch lies in the caller's store (DPO/KTO: bytes were stored on arrival at `base`). */
  private ref(batch: OrderedBatch, [offset, length]: ByteRange): { offset: number; length: number } {
    return { offset: batch.base + offset, length };
  }
}
