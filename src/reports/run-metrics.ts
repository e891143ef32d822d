// Per-run resolve rates: pass@1 over rollouts, pass@K curve (unbiased estimator), oracle pass@N and the selected (TTS) rate.
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { runFiles } from "../run-dir/layout.js";
import { passAtK } from "../selection/pass-at-k.js";
import type { LoadedRun, RolloutSummary } from "./load-run.js";

export type RunMetrics = {
  /** Denominator: run.json total_instances, else the instances that have trajectories. */
  instances: number;
  /** The largest number of rollouts of one instance. */
  rolloutsPerInstance: number;
  /** Percent: mean over instances of the fraction of resolved rollouts (missing instances count 0). */
  pass1: number;
  /** Percent of instances with at least one resolved rollout (the oracle selector). */
  passAtN: number;
  /** Percent, pass@k by the unbiased estimator for k = 1..rolloutsPerInstance. */
  passAtKCurve: { k: number; rate: number }[];
  /** Percent resolved by the selected trajectory per instance (selection.json), or null without one. */
  tts: number | null;
  ttsStrategy: string | null;
};

/** Rollouts grouped by instance id. */
export function byInstance(rollouts: readonly RolloutSummary[]): Map<string, RolloutSummary[]> {
  const groups = new Map<string, RolloutSummary[]>();
  for (const rollout of rollouts) {
    const group = groups.get(rollout.instanceId);
    if (group === undefined) groups.set(rollout.instanceId, [rollout]);
    else group.push(rollout);
  }
  return groups;
}

function selectedRate(run: LoadedRun, denominator: number): number | null {
  const selection = run.selection;
  if (selection === undefined) return null;
  const file = join(run.dir, runFiles.selection);
  const picks = selection.picks;
  if (picks !== undefined) {
    const resolvedByKey = new Map(run.rollouts.map((rollout) => [`${rollout.instanceId}#${rollout.rolloutIndex}`, rollout.resolved]));
    let resolved = 0;
    picks.forEach((pick, index) => {
      const outcome = resolvedByKey.get(`${pick.instance_id}#${pick.rollout_index}`) ?? pick.resolved;
      if (outcome === undefined) {
        throw new InputError(`picked rollout ${pick.instance_id}#${pick.rollout_index} is not in trajectories.jsonl and the pick carries no resolved flag`, {
          file,
          field: `picks.${index}.rollout_index`,
        });
      }
      if (outcome) resolved += 1;
    });
    return (100 * resolved) / denominator;
  }
  // The schema (run-dir/selection.ts) lets a file without picks through only with its resolved count.
  return (100 * (selection.resolved ?? 0)) / (run.metadata.total_instances ?? selection.instances ?? denominator);
}

/** Computes a run's resolve rates (all in percent). */
export function computeRunMetrics(run: LoadedRun): RunMetrics {
  const groups = byInstance(run.rollouts);
  const denominator = run.metadata.total_instances ?? groups.size;
  const rolloutsPerInstance = Math.max(...[...groups.values()].map((group) => group.length));
  const counts = [...groups.values()].map((group) => ({ n: group.length, c: group.filter((rollout) => rollout.resolved).length }));
  const rateAt = (k: number): number => (100 * counts.reduce((sum, { n, c }) => sum + passAtK(n, c, k), 0)) / denominator;
  const passAtKCurve = Array.from({ length: rolloutsPerInstance }, (_, index) => ({ k: index + 1, rate: rateAt(index + 1) }));
  return {
    instances: denominator,
    rolloutsPerInstance,
    pass1: (100 * counts.reduce((sum, { n, c }) => sum + c / n, 0)) / denominator,
    passAtN: (100 * counts.filter(({ c }) => c > 0).length) / denominator,
    passAtKCurve,
    tts: selectedRate(run, denominator),
    ttsStrategy: run.selection?.strategy ?? null,
  };
}
