// Stage kind `select`: picks one rollout per instance with a named strategy (the paper's hybrid selector by default).
import { z } from "zod";
import type { PipelineEvent } from "../../core/events.js";
import { parseWithSchema } from "../../util/jsonl.js";
import { selectRuns } from "../../selection/select-runs.js";
import { strategyNames } from "../../selection/strategy.js";
import type { StageContext } from "../stage-runner.js";

const settingsSchema = z.strictObject({
  runs: z.array(z.string()).min(1),
  strategy: z.enum(strategyNames).default("verified"),
  out: z.string(),
  trials: z.coerce.number().int().nonnegative().optional(),
  seed: z.coerce.number().int().nonnegative().optional(),
});

/** Runs the selection into the stage's predictions file (selection.json and best-of-k.json beside it). */
export async function* runSelectStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = parseWithSchema(settingsSchema, context.stage.with, { file: context.pipeline.file });
  yield* selectRuns({
    runs: settings.runs.map(context.resolvePath),
    strategy: settings.strategy,
    out: context.resolvePath(settings.out),
    signal: context.signal,
    ...(settings.trials === undefined ? {} : { bestOfKTrials: settings.trials }),
    ...(settings.seed === undefined ? {} : { bootstrapSeed: settings.seed }),
  });
}
