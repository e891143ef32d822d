// Stage kind `experiment`: `entropo experiment entropy` into the stage's folder (the demo shows EntroPO's effect with it).
import { z } from "zod";
import type { PipelineEvent } from "../../core/events.js";
import { parseWithSchema } from "../../util/jsonl.js";
import { runEntropyExperiment } from "../../experiments/run-entropy-experiment.js";
import type { StageContext } from "../stage-runner.js";

const settingsSchema = z.strictObject({
  name: z.literal("entropy"),
  out: z.string(),
  quick: z.boolean().default(true),
  seeds: z.coerce.number().int().nonnegative().optional(),
  jobs: z.coerce.number().int().positive().optional(),
});

/** Runs the experiment (finished runs in its work folder are reused, so a re-run resumes). */
export async function* runExperimentStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = parseWithSchema(settingsSchema, context.stage.with, { file: context.pipeline.file });
  yield* runEntropyExperiment({
    out: context.resolvePath(settings.out),
    quick: settings.quick,
    signal: context.signal,
    ...(settings.seeds === undefined ? {} : { seeds: settings.seeds }),
    ...(settings.jobs === undefined ? {} : { jobs: settings.jobs }),
  });
}
