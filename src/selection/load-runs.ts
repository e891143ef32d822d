// Reads run directories (trajectories.jsonl) into per-instance candidate groups with their submission patches.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { submissionPatch, type PatchMode } from "../trajectories/clean-patch.js";
import { rawFinished, readRunRecords } from "../trajectories/run-records.js";
import type { Candidate } from "./candidate.js";
import { toCandidate } from "./candidate.js";

export type LoadedRollout = Candidate & { run: string; file: string; line: number; modelPatch: string; modelName: string };

export type LoadedRuns = {
  /** Candidate groups keyed by instance id, in first-seen order; each group sorted by `order`. */
  groups: Map<string, LoadedRollout[]>;
  records: number;
  /** Records that repeated an (instance, rollout) of the same run; the later line wins. */
  duplicates: number;
};

/**
 * Resolves a --runs entry to its trajectories file: a directory holding trajectories.jsonl, or a file of any shape
 * `entropo data` reads (JSONL, JSON, `.traj`, parquet).
 */
export async function trajectoriesFile(run: string): Promise<string> {
  const info = await stat(run).catch(() => null);
  if (info === null) throw new InputError(`run ${run} does not exist`, { file: run, hint: "pass a run directory holding trajectories.jsonl" });
  if (info.isFile()) return run;
  const file = join(run, "trajectories.jsonl");
  if ((await stat(file).catch(() => null)) === null) throw new InputError("no trajectories.jsonl in the run directory", { file: run });
  return file;
}

/** Loads every run; candidates get their tie-break order from (rollout_index, position of the run in `runs`). */
export async function loadRuns(runs: readonly string[], options: { patchMode?: PatchMode; signal?: AbortSignal } = {}): Promise<LoadedRuns> {
  const byKey = new Map<string, LoadedRollout>();
  let records = 0;
  let duplicates = 0;
  for (const [runIndex, run] of runs.entries()) {
    const file = await trajectoriesFile(run);
    for await (const entry of readRunRecords(file, options.signal ? { signal: options.signal } : {})) {
      const { record, line } = entry;
      const key = JSON.stringify([runIndex, record.instance_id, record.rollout_index]);
      if (byKey.has(key)) duplicates += 1;
      byKey.set(key, {
        ...toCandidate(record, rawFinished(entry), 0),
        run,
        file,
        line,
        modelPatch: submissionPatch(options.patchMode ?? "r2e", record),
        modelName: record.exp_name ?? (record.model !== "" ? record.model : "entropo"),
        order: runIndex,
      });
      records += 1;
    }
  }
  const groups = new Map<string, LoadedRollout[]>();
  for (const rollout of byKey.values()) {
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
  return { groups, records, duplicates };
}
