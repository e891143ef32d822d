// KTO row order: LLaMA-Factory builds row i's KL (mismatched) example from row i-1, so rows of one instance are spread.
import { seededRandom } from "../util/seeded-random.js";
import type { RowWriter } from "./row-writer.js";
import { SpillStore, type SpillRef } from "./spill-store.js";

/**
 * LLaMA-Factory's default `preprocessing_batch_size`: the feedback processor rotates responses inside each batch of this
 * many rows (row i takes row i-1's, the batch's first row takes its last), so those are the KL pairs.
 */
export const llamaFactoryBatchSize = 1000;

/** The row whose response row `index` gets as its KL example, under LLaMA-Factory's in-batch rotation. */
export function klPartner(index: number, total: number, batchSize = llamaFactoryBatchSize): number {
  if (index % batchSize !== 0) return index - 1;
  return Math.min(index + batchSize - 1, total - 1);
}

/** How many rows would get a KL example from their own instance. */
export function sameInstanceNeighbours(order: readonly string[], batchSize = llamaFactoryBatchSize): number {
  return order.filter((instance, index) => order[klPartner(index, order.length, batchSize)] === instance).length;
}

type Entry = { instance: string; remaining: number; tie: number; live: boolean };

/** A max-heap of instances by remaining rows, ties broken by a random key drawn at each insertion. */
class InstanceHeap {
  private readonly items: Entry[] = [];

  private before(a: Entry, b: Entry): boolean {
    return a.remaining > b.remaining || (a.remaining === b.remaining && a.tie < b.tie);
  }

  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    for (let index = items.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if (!this.before(items[index] as Entry, items[parent] as Entry)) break;
      [items[index], items[parent]] = [items[parent] as Entry, items[index] as Entry];
      index = parent;
    }
  }

  /** Removes and returns the best live entry (entries marked dead are dropped on the way). */
  pop(): Entry | undefined {
    let entry = this.popAny();
    while (entry !== undefined && !entry.live) entry = this.popAny();
    return entry;
  }

  private popAny(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let index = 0; ; ) {
        const left = 2 * index + 1;
        const right = left + 1;
        let best = index;
        if (left < items.length && this.before(items[left] as Entry, items[best] as Entry)) best = left;
        if (right < items.length && this.before(items[right] as Entry, items[best] as Entry)) best = right;
        if (best === index) break;
        [items[index], items[best]] = [items[best] as Entry, items[index] as Entry];
        index = best;
      }
    }
    return top;
  }
}

/**
 * A seeded order of instance ids (one per row) in which no row's KL partner (see klPartner) is of the same instance
 * where the counts allow it. Greedy: at each position take the instance with the most rows left that differs from the
 * previous row (and, at the end of a preprocessing batch, from the batch's first row); among equals prefer the batch's
 * first instance (so it is not the one left over at the batch's end), then a random one. On a single batch this
 * reaches the lower bound max(0, 2m - n) of same-instance pairs (m rows of the largest instance, n rows); the tests
 * check it. A last batch of a single row pairs with itself whatever the order. O(n log k) for n rows of k instances.
 */
export function interleaveOrder(counts: ReadonlyMap<string, number>, seed: number, batchSize = llamaFactoryBatchSize): string[] {
  const random = seededRandom(`kto-interleave:${seed}`);
  const heap = new InstanceHeap();
  const current = new Map<string, Entry>();
  const push = (instance: string, remaining: number): void => {
    if (remaining <= 0) return;
    const entry = { instance, remaining, tie: random(), live: true };
    current.set(instance, entry);
    heap.push(entry);
  };
  for (const [instance, remaining] of counts) push(instance, remaining);
  const total = [...counts.values()].reduce((sum, n) => sum + Math.max(0, n), 0);
  const order: string[] = [];
  while (order.length < total) {
    const index = order.length;
    const first = index % batchSize === 0 ? undefined : order[index - (index % batchSize)];
    const avoid = new Set<string>();
    if (index % batchSize !== 0) avoid.add(order[index - 1] as string);
    if (first !== undefined && (index % batchSize === batchSize - 1 || index === total - 1)) avoid.add(first);
    // Pop until an instance that is not avoided comes up; avoided ones go back afterwards.
    const avoided: Entry[] = [];
    let chosen: Entry | undefined;
    for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) {
      if (!avoid.has(entry.instance)) {
        chosen = entry;
        break;
      }
      avoided.push(entry);
    }
    // Nothing else is left: take the best avoided one (a same-instance pair remains).
    if (chosen === undefined) chosen = avoided.shift() as Entry;
    const preferred = first === undefined || avoid.has(first) ? undefined : current.get(first);
    if (preferred !== undefined && preferred !== chosen && preferred.live && preferred.remaining === chosen.remaining) {
      avoided.push(chosen);
      preferred.live = false;
      chosen = preferred;
    }
    for (const entry of avoided) heap.push(entry);
    order.push(chosen.instance);
    chosen.live = false;
    current.delete(chosen.instance);
    push(chosen.instance, chosen.remaining - 1);
  }
  return order;
}

/**
 * Collects KTO rows (as JSON text, spilled to a temporary file like DPO remainders) and writes them interleaved by
 * instance. Memory: one (offset, length) reference per row.
 */
export class KtoInterleaver {
  /** The rows' JSON texts; callers that store them elsewhere (worker threads' batches) hand back refs into it. */
  readonly store = new SpillStore();
  private readonly byInstance = new Map<string, SpillRef[]>();
  /** Set once writeTo() has run: rows whose KL example would still come from their own instance. */
  neighbours = 0;

  constructor(
    private readonly seed: number,
    private readonly batchSize = llamaFactoryBatchSize,
  ) {}

  /** Adds one row of an instance (its JSON text). */
  async add(instanceId: string, rowJson: string): Promise<void> {
    this.addStored(instanceId, await this.store.put(rowJson));
  }

  /** Adds one row of an instance whose JSON text is already stored. */
  addStored(instanceId: string, ref: SpillRef): void {
    const refs = this.byInstance.get(instanceId) ?? [];
    refs.push(ref);
    this.byInstance.set(instanceId, refs);
  }

  /** The stored rows in the interleaved order (rows of one instance keep their input order). */
  private *ordered(): Generator<SpillRef> {
    const counts = new Map([...this.byInstance].map(([instance, refs]) => [instance, refs.length]));
    const order = interleaveOrder(counts, this.seed, this.batchSize);
    this.neighbours = sameInstanceNeighbours(order, this.batchSize);
    const next = new Map<string, number>();
    for (const instance of order) {
      const position = next.get(instance) ?? 0;
      next.set(instance, position + 1);
      yield (this.byInstance.get(instance) as SpillRef[])[position] as SpillRef;
    }
  }

  /**
   * Writes every row in the interleaved order (rows of one instance keep their input order), read straight into the
   * writer's buffer; the spill file goes after.
   */
  async writeTo(writer: RowWriter): Promise<void> {
    try {
      for (const ref of this.ordered()) writer.addRead(ref.length, (target) => this.store.readInto(ref, target));
    } finally {
      await this.store.dispose();
    }
  }

  /** Deletes the spill file without writing (on error or cancel). */
  async dispose(): Promise<void> {
    await this.store.dispose();
  }
}
