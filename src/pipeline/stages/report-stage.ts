// Stage kind `report`: the paper's tables and figures for the stage's run directories.
import { z } from "zod";
import type { PipelineEvent } from "../../core/events.js";
import { parseWithSchema } from "../../util/jsonl.js";
import { buildReport } from "../../reports/build-report.js";
import type { StageContext } from "../stage-runner.js";

const settingsSchema = z.strictObject({
  runs: z.array(z.string()),
  out: z.string(),
  formats: z.array(z.enum(["md", "html"])).default(["md"]),
  note: z.string().optional(),
  experiments: z.array(z.string()).default([]),
});

/** Builds the report into the stage's output directory. */
export async function* runReportStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = parseWithSchema(settingsSchema, context.stage.with, { file: context.pipeline.file });
  yield* buildReport({
    runs: settings.runs.map(context.resolvePath),
    experiments: settings.experiments.map(context.resolvePath),
    outDir: context.resolvePath(settings.out),
    formats: settings.formats,
    ...(settings.note === undefined ? {} : { notes: [settings.note] }),
    signal: context.signal,
  });
}
