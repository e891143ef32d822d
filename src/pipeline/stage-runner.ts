// The contract between the pipeline and each stage kind: a stage gets its resolved settings and yields events.
import type { PipelineEvent } from "../core/events.js";
import type { VerifyBoundaries } from "../selection/verify-from-options.js";
import type { PipelineConfig, StageConfig } from "./pipeline-config.js";

/** Test doubles for the outside systems a stage talks to (absent: the real ones); so far the verify stage's judge and sandboxes. */
export type StageBoundaries = VerifyBoundaries;

export type StageContext = {
  pipeline: PipelineConfig;
  /** The stage with `${var}` interpolated and paths left as written. */
  stage: StageConfig;
  /** Resolves a path relative to the pipeline file's directory. */
  resolvePath: (path: string) => string;
  signal: AbortSignal;
  boundaries?: StageBoundaries;
};

export type StageRunner = (context: StageContext) => AsyncIterable<PipelineEvent>;
