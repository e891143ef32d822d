// The result of each command, by name: the `data` of its final `result` event (printed last in --json mode). Type-only
// imports: core holds the map, each operation owns its result's shape.
import type { BuildDatasetSummary } from "../datasets/build-dataset.js";
import type { EntropyExperimentResult } from "../experiments/run-entropy-experiment.js";
import type { DemoResult } from "../pipeline/run-demo.js";
import type { PipelineRunResult } from "../pipeline/run-pipeline.js";
import type { ReportResult } from "../reports/build-report.js";
import type { PredictionsResult } from "../rollouts/predictions.js";
import type { RunRolloutsSummary } from "../rollouts/run-rollouts.js";
import type { SelectRunsResult } from "../selection/select-runs.js";
import type { VerifyRunsResult } from "../selection/verify-runs.js";
import type { BuiltImage } from "../tasks/swebench-image/build-images.js";
import type { TrainResult } from "../training/train.js";

/** Command name → the data of its result event. */
export type CommandResults = {
  rollout: RunRolloutsSummary;
  verify: VerifyRunsResult;
  select: SelectRunsResult;
  predictions: PredictionsResult;
  data: BuildDatasetSummary;
  train: TrainResult;
  report: ReportResult;
  experiment: EntropyExperimentResult;
  run: PipelineRunResult;
  demo: DemoResult;
  "tasks build-image": { images: BuiltImage[] };
  "replay-server": { url: string; trajectories: number };
};

export type CommandName = keyof CommandResults;
