// Stage kind `select`: picks one rollout per instance with a named strategy (the paper's hybrid selector by default),
// with `entropo select`'s options schema.
import type { PipelineEvent } from "../../core/events.js";
import { withoutUndefined } from "../../core/options.js";
import { selectOptionsFromSettings } from "../../selection/select-options.js";
import { selectRuns } from "../../selection/select-runs.js";
import type { StageContext } from "../stage-runner.js";

/** Runs the selection into the stage's predictions file (selection.json and best-of-k.json beside it). */
export async function* runSelectStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const options = selectOptionsFromSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  yield* selectRuns({ ...withoutUndefined(options), runs: options.runs.map(context.resolvePath), out: context.resolvePath(options.out), signal: context.signal });
}
