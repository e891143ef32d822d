// `entropo data records`: canonical trajectory records (entropo's trajectories.jsonl) from any supported input.
import type { TrajectoryRecord } from "../trajectories/record.js";

/**
 * Keeps (instance_id, rollout_index) unique across the written records: other scaffolds write one file per rollout
 * without an index (every import is rollout 0), so a repeated pair gets the next free index, in input order.
 */
export class RolloutNumbering {
  private readonly used = new Map<string, Set<number>>();
  /** Records whose rollout_index was changed. */
  renumbered = 0;

  /** The record with a rollout_index not yet used for its instance. */
  assign(record: TrajectoryRecord): TrajectoryRecord {
    const used = this.used.get(record.instance_id) ?? new Set<number>();
    this.used.set(record.instance_id, used);
    let index = record.rollout_index;
    if (used.has(index)) {
      index = 0;
      while (used.has(index)) index += 1;
      this.renumbered += 1;
    }
    used.add(index);
    return index === record.rollout_index ? record : { ...record, rollout_index: index };
  }
}
