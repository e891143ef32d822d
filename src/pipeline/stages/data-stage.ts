// Stage kind `data`: builds a LLaMA-Factory dataset (sft/dpo/kto/verifier/stats/records) through the datasets module.
import { z } from "zod";
import type { PipelineEvent } from "../../core/events.js";
import { parseWithSchema } from "../../util/jsonl.js";
import { buildDataset, datasetKinds } from "../../datasets/build-dataset.js";
import { actionFormats } from "../../datasets/sharegpt.js";
import { inputFormats } from "../../trajectories/import-record.js";
import type { StageContext } from "../stage-runner.js";

const count = z.coerce.number().int().nonnegative();
const settingsSchema = z.strictObject({
  kind: z.enum(datasetKinds),
  inputs: z.array(z.string()).min(1),
  out_dir: z.string(),
  name: z.string(),
  rewards: z.string().optional(),
  template: z.string().optional(),
  cutoff_len: count.optional(),
  tokenizer: z.string().optional(),
  include_failed: z.boolean().optional(),
  pairs_per_instance: count.optional(),
  seed: count.optional(),
  only_finished: z.boolean().optional(),
  exclude_exit_reasons: z.array(z.string()).optional(),
  min_steps: count.optional(),
  max_steps: count.optional(),
  dedup: z.boolean().optional(),
  skip_invalid: z.boolean().optional(),
  format: z.enum(inputFormats).optional(),
  action_format: z.enum(actionFormats).optional(),
});

/** Builds the dataset named in the stage settings; paths are relative to the pipeline file. */
export async function* runDataStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = parseWithSchema(settingsSchema, context.stage.with, { file: context.pipeline.file });
  yield* buildDataset({
    kind: settings.kind,
    inputs: settings.inputs.map(context.resolvePath),
    outDir: context.resolvePath(settings.out_dir),
    name: settings.name,
    signal: context.signal,
    ...(settings.rewards === undefined ? {} : { rewards: context.resolvePath(settings.rewards) }),
    ...(settings.template === undefined ? {} : { template: settings.template }),
    ...(settings.cutoff_len === undefined ? {} : { cutoffLen: settings.cutoff_len }),
    ...(settings.tokenizer === undefined ? {} : { tokenizer: settings.tokenizer }),
    ...(settings.include_failed === undefined ? {} : { includeFailed: settings.include_failed }),
    ...(settings.pairs_per_instance === undefined ? {} : { pairsPerInstance: settings.pairs_per_instance }),
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings.only_finished === undefined ? {} : { onlyFinished: settings.only_finished }),
    ...(settings.exclude_exit_reasons === undefined ? {} : { excludeExitReasons: settings.exclude_exit_reasons }),
    ...(settings.min_steps === undefined ? {} : { minSteps: settings.min_steps }),
    ...(settings.max_steps === undefined ? {} : { maxSteps: settings.max_steps }),
    ...(settings.dedup === undefined ? {} : { dedup: settings.dedup }),
    ...(settings.skip_invalid === undefined ? {} : { skipInvalid: settings.skip_invalid }),
    ...(settings.format === undefined ? {} : { format: settings.format }),
    ...(settings.action_format === undefined ? {} : { actionFormat: settings.action_format }),
  });
}
