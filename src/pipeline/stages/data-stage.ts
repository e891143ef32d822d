// Stage kind `data`: builds a LLaMA-Factory dataset (sft/dpo/kto/verifier/stats/records) through the datasets module,
// with `entropo data`'s options schema (snake_case settings).
import type { PipelineEvent } from "../../core/events.js";
import { withoutUndefined } from "../../core/options.js";
import { buildDataset } from "../../datasets/build-dataset.js";
import { dataOptionsFromSettings } from "../../datasets/data-options.js";
import type { StageContext } from "../stage-runner.js";

/** Builds the dataset named in the stage settings; paths are relative to the pipeline file. */
export async function* runDataStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const options = dataOptionsFromSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  yield* buildDataset({
    ...withoutUndefined(options),
    inputs: options.inputs.map(context.resolvePath),
    outDir: context.resolvePath(options.outDir),
    ...(options.rewards === undefined ? {} : { rewards: context.resolvePath(options.rewards) }),
    signal: context.signal,
  });
}
