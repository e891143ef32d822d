// Stage kind `experiment`: `entropo experiment entropy` into the stage's folder (the demo shows EntroPO's effect with
// it), with the command's options schema (the quick sweep by default here).
import type { PipelineEvent } from "../../core/events.js";
import { withoutUndefined } from "../../core/options.js";
import { experimentOptionsFromSettings } from "../../experiments/experiment-options.js";
import { runEntropyExperiment } from "../../experiments/run-entropy-experiment.js";
import type { StageContext } from "../stage-runner.js";

/** Runs the experiment (finished runs in its work folder are reused, so a re-run resumes). */
export async function* runExperimentStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const { name: _name, ...options } = experimentOptionsFromSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  yield* runEntropyExperiment({ ...withoutUndefined(options), out: context.resolvePath(options.out), quick: options.quick ?? true, signal: context.signal });
}
