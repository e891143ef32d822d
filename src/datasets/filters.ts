// Record filters users expect before building a dataset: finished only, exit reasons, step bounds, duplicates.
import { createHash } from "node:crypto";
import type { TrajectoryRecord } from "../trajectories/record.js";
import { stepCount } from "../trajectories/record-facts.js";

export type RecordFilterOptions = {
  /** Keep only trajectories that exited through the finish tool. */
  onlyFinished?: boolean;
  /** Keep only these exit reasons (e.g. R2E's `agent`: the agent called finish); unset keeps all. */
  exitReasons?: readonly string[];
  excludeExitReasons?: readonly string[];
  minSteps?: number;
  maxSteps?: number;
  /** Drop trajectories whose message list is identical to one already kept. */
  dedup?: boolean;
};

/** Returns a stateful filter: `undefined` keeps the record, a string is the reason it was dropped. */
export function createRecordFilter(options: RecordFilterOptions): (record: TrajectoryRecord) => string | undefined {
  const seen = new Set<string>();
  const excluded = new Set(options.excludeExitReasons ?? []);
  const kept = options.exitReasons === undefined ? undefined : new Set(options.exitReasons);
  return (record) => {
    if (options.onlyFinished === true && !record.finished) return "not finished";
    if (excluded.has(record.exit_reason) || (kept !== undefined && !kept.has(record.exit_reason))) return `exit reason ${record.exit_reason}`;
    const steps = stepCount(record);
    if (options.minSteps !== undefined && steps < options.minSteps) return "fewer steps than --min-steps";
    if (options.maxSteps !== undefined && steps > options.maxSteps) return "more steps than --max-steps";
    if (options.dedup === true) {
      const digest = createHash("sha256").update(JSON.stringify(record.messages)).digest("base64");
      if (seen.has(digest)) return "duplicate";
      seen.add(digest);
    }
    return undefined;
  };
}
