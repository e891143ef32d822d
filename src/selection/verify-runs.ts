// `entropo verify` core: adds the regression and/or verifier signal to every record of the given runs (resumable).
import { badOptionValue } from "../core/errors.js";
import type { PipelineEvent } from "../core/events.js";
import { log } from "../core/events.js";
import { trajectoriesFile } from "../run-dir/trajectories.js";
import type { RegressionSignalOptions } from "./regression-signal.js";
import { needsRegression, regressionScore } from "./regression-signal.js";
import type { ScoreFileResult } from "./score-file.js";
import { scoreFile } from "./score-file.js";
import type { VerifierSignalOptions } from "./verifier-signal.js";
import { needsVerifier, verifierScore } from "./verifier-signal.js";

export type VerifyRunsOptions = {
  runs: string[];
  regression?: RegressionSignalOptions & { concurrency?: number };
  verifier?: VerifierSignalOptions & { concurrency?: number };
  /** Rewrite trajectories.jsonl after this many new scores (default 8). */
  checkpointEvery?: number;
  signal?: AbortSignal;
};

export type VerifyRunsResult = { files: ScoreFileResult[]; scored: number; failed: number };

/** Runs the requested signals over each run, regression first; ends with a `result` event. */
export async function* verifyRuns(options: VerifyRunsOptions): AsyncGenerator<PipelineEvent, VerifyRunsResult> {
  if (options.runs.length === 0) throw badOptionValue("--runs", "at least one run directory", options.runs);
  if (options.regression === undefined && options.verifier === undefined) {
    throw badOptionValue("--regression / --verifier-url", "at least one signal to compute", "neither");
  }
  const files: ScoreFileResult[] = [];
  for (const run of options.runs) {
    const file = await trajectoriesFile(run);
    const common = { file, signal: options.signal, checkpointEvery: options.checkpointEvery ?? 8 };
    if (options.regression !== undefined) {
      yield log("info", `regression tests for ${file}`, "verify");
      files.push(yield* scoreFile({ ...common, signalName: "regression", needsScore: needsRegression, score: regressionScore(options.regression), concurrency: options.regression.concurrency ?? 2 }));
    }
    if (options.verifier !== undefined) {
      yield log("info", `verifier (${options.verifier.client.model}) for ${file}`, "verify");
      files.push(yield* scoreFile({ ...common, signalName: "verifier", needsScore: needsVerifier, score: verifierScore(options.verifier), concurrency: options.verifier.concurrency ?? 8 }));
    }
  }
  const result: VerifyRunsResult = {
    files,
    scored: files.reduce((sum, file) => sum + file.scored, 0),
    failed: files.reduce((sum, file) => sum + file.failed, 0),
  };
  for (const file of files) yield log(file.failed > 0 ? "warn" : "info", `${file.signal} ${file.file}: ${file.scored} scored, ${file.skipped} already scored, ${file.failed} failed`, "verify");
  yield { type: "result", command: "verify", data: result };
  return result;
}
