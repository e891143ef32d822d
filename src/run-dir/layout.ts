// The run directory: the hand-off between rollout, verify, select, report and the pipeline. Its file names live here,
// and each file has one zod schema (named below) that its writers and its readers both use.
import { dirname, join } from "node:path";

/**
 * The files of a run directory (`runs/<name>/`):
 * - `run.json`: what the run is (model, stage, benchmark, run_index, sampling, limits, times); written by
 *   `entropo rollout` or by hand for imported runs; schema `runJsonSchema` (run-json.ts).
 * - `trajectories.jsonl`: one record per rollout, appended durably as each ends; schema `trajectoryRecordSchema`
 *   (trajectories/record.ts), read through trajectories.ts (any shape `entropo data` reads; a rollout recorded twice is
 *   an error, duplicates.ts); `entropo verify` rewrites it atomically with its scores.
 * - `events.ndjson`: the rollout's event stream with times, a log; schema `eventLineSchema` (events.ts).
 * - `selection.json`, `best-of-k.json`, `predictions.jsonl`: written by `entropo select` (beside its `--out`, the
 *   predictions file, which the demo puts in the run directory); schemas in selection.ts, best-of-k.ts, predictions.ts.
 * - `.lock`: the pid of the runner appending to the directory (run-lock.ts).
 * A training output directory is not a run directory: its record is `entropo-train.json` (training/train-record.ts).
 */
export const runFiles = {
  runJson: "run.json",
  trajectories: "trajectories.jsonl",
  events: "events.ndjson",
  selection: "selection.json",
  bestOfK: "best-of-k.json",
  predictions: "predictions.jsonl",
  lock: ".lock",
} as const;

export type RunDirPaths = { [Name in keyof typeof runFiles]: string };

/** The paths of every file of the run directory `dir`. */
export function runDirPaths(dir: string): RunDirPaths {
  return Object.fromEntries(Object.entries(runFiles).map(([name, file]) => [name, join(dir, file)])) as RunDirPaths;
}

/** Where `entropo select` writes selection.json and best-of-k.json: beside its predictions file. */
export function selectionFilesBeside(predictionsFile: string): { selection: string; bestOfK: string } {
  const dir = dirname(predictionsFile);
  return { selection: join(dir, runFiles.selection), bestOfK: join(dir, runFiles.bestOfK) };
}
