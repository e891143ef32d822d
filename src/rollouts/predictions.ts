// SWE-bench predictions ({instance_id, model_name_or_path, model_patch}) from one chosen rollout per task of a run.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError, badOptionValue } from "../core/errors.js";
import { log, type PipelineEvent } from "../core/events.js";
import { writeFileAtomic } from "../util/jsonl.js";
import { submissionPatch, type PatchMode } from "../trajectories/clean-patch.js";
import type { TrajectoryRecord } from "../trajectories/record.js";
import { readRunRecords } from "../trajectories/run-records.js";

export type Prediction = { instance_id: string; model_name_or_path: string; model_patch: string };

export type PredictionsOptions = {
  /** A run directory (holding trajectories.jsonl) or a trajectories file of any shape `entropo data` reads. */
  runs: string;
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

/** Reads a run, picks rollout K of every task and writes the predictions (JSONL, or a JSON array for `.json`). */
export async function* writePredictions(options: PredictionsOptions): AsyncGenerator<PipelineEvent> {
  const rolloutIndex = options.rolloutIndex ?? 0;
  if (!Number.isInteger(rolloutIndex) || rolloutIndex < 0) throw badOptionValue("--rollout-index", "a non-negative integer", options.rolloutIndex);
  const file = existsSync(options.runs) && statSync(options.runs).isFile() ? options.runs : join(options.runs, "trajectories.jsonl");
  if (!existsSync(file)) throw new InputError("no trajectories file here", { file, hint: "pass a run directory written by `entropo rollout`" });
  const chosen = new Map<string, TrajectoryRecord>();
  const instances = new Set<string>();
  for await (const { record } of readRunRecords(file)) {
    instances.add(record.instance_id);
    if (record.rollout_index === rolloutIndex && !chosen.has(record.instance_id)) chosen.set(record.instance_id, record);
  }
  const missing = [...instances].filter((id) => !chosen.has(id));
  if (missing.length > 0) yield log("warn", `${missing.length} task(s) have no rollout ${rolloutIndex} and get no prediction: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`, "predictions");
  const predictions = [...chosen.values()].map((record) => predictionOf(record, options.patch ?? "r2e"));
  const text = options.out.endsWith(".json") ? JSON.stringify(predictions, null, 2) + "\n" : predictions.map((p) => JSON.stringify(p) + "\n").join("");
  await writeFileAtomic(options.out, text);
  const empty = predictions.filter((prediction) => prediction.model_patch.trim() === "").length;
  yield { type: "artifact", kind: "predictions", path: options.out, description: `${predictions.length} predictions (${empty} with an empty patch)` };
  yield { type: "result", command: "predictions", data: { out: options.out, predictions: predictions.length, emptyPatches: empty, missing: missing.length, rolloutIndex } };
}
