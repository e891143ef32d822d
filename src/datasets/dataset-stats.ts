// Statistics of a trajectory collection: outcomes, exit reasons, steps and token lengths, DPO pairs per instance.
import type { TrajectoryRecord } from "../trajectories/record.js";
import { isResolved, stepCount } from "../trajectories/record-facts.js";

export type Distribution = { count: number; min: number; p50: number; p90: number; max: number; mean: number };

export type DatasetStats = {
  trajectories: number;
  instances: number;
  outcomes: { resolved: number; failed: number; unknown: number };
  exitReasons: Record<string, number>;
  finished: number;
  steps: Distribution;
  tokens: Distribution | null;
  pairsPossible: { total: number; instancesWithPairs: number; perInstance: Record<string, number> };
};

/** Order statistics of a list of numbers (nearest-rank percentiles). */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, min: 0, p50: 0, p90: 0, max: 0, mean: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { count: sorted.length, min: sorted[0] as number, p50: rank(0.5), p90: rank(0.9), max: sorted.at(-1) as number, mean: Math.round(mean * 100) / 100 };
}

/** What the statistics keep of one record (small enough to pass between threads). */
export type RecordSummary = Pick<TrajectoryRecord, "instance_id" | "reward" | "exit_reason" | "finished"> & { steps: number };

/** The summary of a record for {@link StatsAccumulator.addSummary}. */
export function recordSummary(record: TrajectoryRecord): RecordSummary {
  return { instance_id: record.instance_id, reward: record.reward, exit_reason: record.exit_reason, finished: record.finished, steps: stepCount(record) };
}

/** Accumulates statistics one record at a time (memory: a few numbers per record). */
export class StatsAccumulator {
  private readonly steps: number[] = [];
  private readonly tokens: number[] = [];
  private readonly perInstance = new Map<string, { resolved: number; failed: number }>();
  private readonly exitReasons: Record<string, number> = {};
  private readonly outcomes = { resolved: 0, failed: 0, unknown: 0 };
  private finished = 0;

  /** Adds a record (and its rendered token count when known). */
  add(record: TrajectoryRecord, tokens?: number): void {
    this.addSummary(recordSummary(record), tokens);
  }

  /** Adds what the statistics need of a record (see {@link recordSummary}). */
  addSummary(record: RecordSummary, tokens?: number): void {
    this.steps.push(record.steps);
    if (tokens !== undefined) this.tokens.push(tokens);
    this.exitReasons[record.exit_reason] = (this.exitReasons[record.exit_reason] ?? 0) + 1;
    if (record.finished) this.finished += 1;
    const counts = this.perInstance.get(record.instance_id) ?? { resolved: 0, failed: 0 };
    if (record.reward === null) this.outcomes.unknown += 1;
    else if (isResolved(record)) {
      this.outcomes.resolved += 1;
      counts.resolved += 1;
    } else {
      this.outcomes.failed += 1;
      counts.failed += 1;
    }
    this.perInstance.set(record.instance_id, counts);
  }

  /** The statistics so far. */
  result(): DatasetStats {
    const perInstance: Record<string, number> = {};
    let total = 0;
    for (const [instance, counts] of this.perInstance) {
      const pairs = counts.resolved * counts.failed;
      if (pairs > 0) perInstance[instance] = pairs;
      total += pairs;
    }
    return {
      trajectories: this.steps.length,
      instances: this.perInstance.size,
      outcomes: { ...this.outcomes },
      exitReasons: { ...this.exitReasons },
      finished: this.finished,
      steps: distribution(this.steps),
      tokens: this.tokens.length > 0 ? distribution(this.tokens) : null,
      pairsPossible: { total, instancesWithPairs: Object.keys(perInstance).length, perInstance },
    };
  }
}
