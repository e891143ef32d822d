// `entropo select` core: loads runs, picks one rollout per instance, writes predictions, selection.json and best-of-k.json.
import { badOptionValue, throwIfAborted } from "../core/errors.js";
import type { PipelineEvent } from "../core/events.js";
import { log } from "../core/events.js";
import { writeBestOfKFile } from "../run-dir/best-of-k.js";
import { selectionFilesBeside } from "../run-dir/layout.js";
import { writePredictionsFile, type Prediction } from "../run-dir/predictions.js";
import { writeSelectionFile } from "../run-dir/selection.js";
import type { PatchMode } from "../trajectories/clean-patch.js";
import { bestOfK } from "./best-of-k.js";
import type { LoadedRollout } from "./load-runs.js";
import { loadRuns } from "./load-runs.js";
import type { SelectionResult } from "./select.js";
import { selectForInstance } from "./select.js";
import type { SelectionOptions, StrategyName } from "./strategy.js";
import { defaultSelectionOptions } from "./strategy.js";
import type { SelectionSummary } from "./summary.js";
import { formatSummary, summarizeSelection } from "./summary.js";

export type SelectRunsOptions = Partial<SelectionOptions> & {
  runs: string[];
  strategy: StrategyName;
  /** Predictions JSONL; selection.json and best-of-k.json are written beside it. */
  out: string;
  /** `r2e` (R2E's true_output_patch, default) or `raw` (output_patch as recorded). */
  patchMode?: PatchMode;
  /** Overrides model_name_or_path (default: the record's exp_name, else its model). */
  modelName?: string;
  /** Bootstrap trials of the best-of-K analysis; 0 skips it (default 1000). */
  bestOfKTrials?: number;
  bootstrapSeed?: number;
  signal?: AbortSignal;
};

export type SelectRunsResult = SelectionSummary & { predictions: string; selectionFile: string; bestOfKFile: string | null };

/** Checks the numeric options before any work starts. */
function validateOptions(options: SelectRunsOptions): void {
  if (options.runs.length === 0) throw badOptionValue("--runs", "at least one run directory", options.runs);
  const threshold = options.verifierThreshold;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw badOptionValue("--threshold", "a number in [0, 1]", threshold);
  const fraction = options.topFraction;
  if (fraction !== undefined && !(fraction > 0 && fraction <= 1)) throw badOptionValue("--top-fraction", "a number in (0, 1]", fraction);
  const trials = options.bestOfKTrials;
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 0)) throw badOptionValue("--trials", "a non-negative integer", trials);
}

/** Runs a selection over run directories and yields progress, artifacts and a final `result` event with the summary. */
export async function* selectRuns(options: SelectRunsOptions): AsyncGenerator<PipelineEvent, SelectRunsResult> {
  validateOptions(options);
  const selection: SelectionOptions = { ...defaultSelectionOptions, ...definedOnly(options) };
  yield log("info", `loading ${options.runs.length} run(s)`, "select");
  const loaded = await loadRuns(options.runs, { patchMode: options.patchMode ?? "r2e", signal: options.signal });
  const groups = [...loaded.groups.values()];
  yield { type: "progress", task: "select", done: 0, total: groups.length, unit: "instances" };
  const results: SelectionResult<LoadedRollout>[] = [];
  for (const group of groups) {
    throwIfAborted(options.signal);
    results.push(selectForInstance(group, options.strategy, selection));
  }
  yield { type: "progress", task: "select", done: groups.length, total: groups.length, unit: "instances" };
  const predictions: Prediction[] = results.map(({ pick }) => ({
    instance_id: pick.instanceId,
    model_name_or_path: options.modelName ?? pick.modelName,
    model_patch: pick.modelPatch,
    rollout_index: pick.rolloutIndex,
  }));
  await writePredictionsFile(options.out, predictions);
  yield { type: "artifact", kind: "predictions", path: options.out, description: `${predictions.length} SWE-bench predictions` };
  const summary = summarizeSelection(options.strategy, groups, results);
  const beside = selectionFilesBeside(options.out);
  const selectionFile = beside.selection;
  await writeSelectionFile(selectionFile, {
    strategy: options.strategy,
    options: selection,
    patchMode: options.patchMode ?? "r2e",
    runs: options.runs,
    records: loaded.records,
    summary,
    picks: results.map(({ pick, removedByFilter, fallbacks }) => ({
      instance_id: pick.instanceId,
      rollout_index: pick.rolloutIndex,
      run: pick.run,
      resolved: pick.resolved,
      candidates: loaded.groups.get(pick.instanceId)?.length ?? 0,
      removedByFilter,
      fallbacks,
    })),
  });
  yield { type: "artifact", kind: "selection", path: selectionFile };
  let bestOfKFile: string | null = null;
  const trials = options.bestOfKTrials ?? 1000;
  if (trials > 0) {
    yield log("info", `best-of-K analysis: ${trials} bootstrap trials per instance and K`, "select");
    const report = bestOfK(groups, { ...selection, trials, bootstrapSeed: options.bootstrapSeed ?? 0, signal: options.signal });
    bestOfKFile = beside.bestOfK;
    await writeBestOfKFile(bestOfKFile, report);
    yield { type: "artifact", kind: "best-of-k", path: bestOfKFile };
  }
  const result: SelectRunsResult = { ...summary, predictions: options.out, selectionFile, bestOfKFile };
  yield log("info", formatSummary(summary), "select");
  yield { type: "result", command: "select", data: result };
  return result;
}

/** The selection options that were actually given (undefined ones keep their defaults). */
function definedOnly(options: SelectRunsOptions): Partial<SelectionOptions> {
  const picked: Partial<SelectionOptions> = {};
  if (options.verifierThreshold !== undefined) picked.verifierThreshold = options.verifierThreshold;
  if (options.topFraction !== undefined) picked.topFraction = options.topFraction;
  if (options.seed !== undefined) picked.seed = options.seed;
  if (options.stepRule !== undefined) picked.stepRule = options.stepRule;
  if (options.filters !== undefined) picked.filters = options.filters;
  return picked;
}
