// Stage kind `report`: the paper's tables and figures for the stage's run directories, with `entropo report`'s options
// schema (runs, out, formats, note, experiments).
import type { PipelineEvent } from "../../core/events.js";
import { withoutUndefined } from "../../core/options.js";
import { buildReport } from "../../reports/build-report.js";
import { reportOptionsFromSettings } from "../../reports/report-options.js";
import type { StageContext } from "../stage-runner.js";

/** Builds the report into the stage's output directory. */
export async function* runReportStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const options = reportOptionsFromSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  yield* buildReport({
    ...withoutUndefined(options),
    runs: options.runs.map(context.resolvePath),
    experiments: options.experiments.map(context.resolvePath),
    outDir: context.resolvePath(options.outDir),
    signal: context.signal,
  });
}
