// Reads run directories (trajectories.jsonl) into per-instance candidate groups with their submission patches; a
// rollout recorded twice in one run is an error (run-dir/duplicates.ts).
import { rawFinished, readRunRecords, trajectoriesFile } from "../run-dir/trajectories.js";
import { submissionPatch, type PatchMode } from "../trajectories/clean-patch.js";
import type { Candidate } from "./candidate.js";
import { toCandidate } from "./candidate.js";

export type LoadedRollout = Candidate & { run: string; file: string; line: number; modelPatch: string; modelName: string };

export type LoadedRuns = {
  /** Candidate groups keyed by instance id, in first-seen order; each group sorted by `order`. */
  groups: Map<string, LoadedRollout[]>;
  records: number;
};

/** Loads every run; candidates get their tie-break order from (rollout_index, position of the run in `runs`). */
export async function loadRuns(runs: readonly string[], options: { patchMode?: PatchMode; signal?: AbortSignal } = {}): Promise<LoadedRuns> {
  const rollouts: LoadedRollout[] = [];
  for (const [runIndex, run] of runs.entries()) {
    const file = await trajectoriesFile(run);
    for await (const entry of readRunRecords(file, options.signal ? { signal: options.signal } : {})) {
      const { record, line } = entry;
      rollouts.push({
        ...toCandidate(record, rawFinished(entry), 0),
        run,
        file,
        line,
        modelPatch: submissionPatch(options.patchMode ?? "r2e", record),
        modelName: record.exp_name ?? (record.model !== "" ? record.model : "entropo"),
        order: runIndex,
      });
    }
  }
  const groups = new Map<string, LoadedRollout[]>();
  for (const rollout of rollouts) {
    const group = groups.get(rollout.instanceId) ?? [];
    group.push(rollout);
    groups.set(rollout.instanceId, group);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.rolloutIndex - b.rolloutIndex || a.order - b.order);
    group.forEach((rollout, position) => {
      rollout.order = position;
    });
  }
  return { groups, records: rollouts.length };
}
