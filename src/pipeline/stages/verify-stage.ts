// Stage kind `verify`: the verifier step of hybrid selection (regression tests and/or the execution-free judge) on the
// stage's run directories, with `entropo verify`'s options schema; scores are written onto the records in place.
import { existsSync } from "node:fs";
import { ExternalError } from "../../core/errors.js";
import type { PipelineEvent } from "../../core/events.js";
import { verifyRunsOptions } from "../../selection/verify-from-options.js";
import { verifyOptionsFromSettings, type VerifyOptions } from "../../selection/verify-options.js";
import { verifyRuns } from "../../selection/verify-runs.js";
import type { StageContext } from "../stage-runner.js";

/** The stage's options with paths relative to the pipeline file: runs, a task directory or row file, a tokenizer folder. */
function stageOptions(context: StageContext, options: VerifyOptions): VerifyOptions {
  const tasks = options.tasks === undefined || options.tasks === "builtin" || options.tasks.includes(":") ? options.tasks : context.resolvePath(options.tasks);
  const tokenizer = options.tokenizer !== undefined && existsSync(context.resolvePath(options.tokenizer)) ? context.resolvePath(options.tokenizer) : options.tokenizer;
  return { ...options, runs: options.runs.map(context.resolvePath), ...(tasks === undefined ? {} : { tasks }), ...(tokenizer === undefined ? {} : { tokenizer }) };
}

/**
 * Scores every record of the stage's runs that lacks a requested signal. Records that could not be scored fail the
 * stage (as they make `entropo verify` exit 3), so it is not cached; the next run asks only for those again.
 */
export async function* runVerifyStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const options = verifyOptionsFromSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  const result = yield* verifyRuns(await verifyRunsOptions(stageOptions(context, options), context.signal, context.boundaries));
  if (result.failed > 0) {
    throw new ExternalError(`${result.failed} record(s) could not be scored (see the warnings above); the scored ${result.scored} are kept`, { hint: "run the pipeline again to retry only those" });
  }
}
