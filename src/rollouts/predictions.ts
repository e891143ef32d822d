// SWE-bench predictions ({instance_id, model_name_or_path, model_patch}) from one chosen rollout per task of one or more
// runs; a rollout recorded twice, in one input or across inputs, is an error (run-dir/duplicates.ts).
import { badOptionValue } from "../core/errors.js";
import { log, type PipelineEvent } from "../core/events.js";
import { RolloutKeys } from "../run-dir/duplicates.js";
import { writePredictionsFile, type Prediction } from "../run-dir/predictions.js";
import { readRunRecords, trajectoriesFile } from "../run-dir/trajectories.js";
import { submissionPatch, type PatchMode } from "../trajectories/clean-patch.js";
import type { TrajectoryRecord } from "../trajectories/record.js";

export type PredictionsOptions = {
  /**
   * Run directories (holding trajectories.jsonl) or trajectories files of any shape `entropo data` reads, at least one;
   * their tasks are pooled, so an `instance_id#rollout_index` in two of them is an error naming both places.
   */
  runs: readonly string[];
  out: string;
  rolloutIndex?: number;
  /** "r2e": R2E's true_output_patch (default); "raw": the whole `git diff` of the rollout. */
  patch?: PatchMode;
};

/** The prediction of one record, as R2E's `create_swebench_submission` makes it. */
function predictionOf(record: TrajectoryRecord, patch: PatchMode = "r2e"): Prediction {
  return {
    instance_id: record.instance_id,
    model_name_or_path: record.model || record.exp_name || "entropo",
    model_patch: submissionPatch(patch, record),
  };
}

/** The `result` event's data of `entropo predictions`. */
export type PredictionsResult = { out: string; predictions: number; emptyPatches: number; missing: number; rolloutIndex: number };

/** Rollout K of every task of the runs (first-seen task order), and every task seen; a repeated rollout throws. */
async function chooseRollouts(runs: readonly string[], rolloutIndex: number): Promise<{ chosen: Map<string, TrajectoryRecord>; instances: Set<string> }> {
  const chosen = new Map<string, TrajectoryRecord>();
  const instances = new Set<string>();
  const keys = new RolloutKeys();
  for (const run of runs) {
    for await (const { record, file, line } of readRunRecords(await trajectoriesFile(run))) {
      keys.add(record, { file, line });
      instances.add(record.instance_id);
      if (record.rollout_index === rolloutIndex) chosen.set(record.instance_id, record);
    }
  }
  return { chosen, instances };
}

/** Reads the runs, picks rollout K of every task and writes the predictions (JSONL, or a JSON array for `.json`). */
export async function* writePredictions(options: PredictionsOptions): AsyncGenerator<PipelineEvent> {
  const rolloutIndex = options.rolloutIndex ?? 0;
  if (!Number.isInteger(rolloutIndex) || rolloutIndex < 0) throw badOptionValue("--rollout-index", "a non-negative integer", options.rolloutIndex);
  if (options.runs.length === 0) throw badOptionValue("--runs", "at least one run directory", options.runs);
  const { chosen, instances } = await chooseRollouts(options.runs, rolloutIndex);
  const missing = [...instances].filter((id) => !chosen.has(id));
  if (missing.length > 0) yield log("warn", `${missing.length} task(s) have no rollout ${rolloutIndex} and get no prediction: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`, "predictions");
  const predictions = [...chosen.values()].map((record) => predictionOf(record, options.patch ?? "r2e"));
  await writePredictionsFile(options.out, predictions);
  const empty = predictions.filter((prediction) => prediction.model_patch.trim() === "").length;
  yield { type: "artifact", kind: "predictions", path: options.out, description: `${predictions.length} predictions (${empty} with an empty patch)` };
  const result: PredictionsResult = { out: options.out, predictions: predictions.length, emptyPatches: empty, missing: missing.length, rolloutIndex };
  yield { type: "result", command: "predictions", data: result };
}
