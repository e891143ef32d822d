// Maps each stage kind to its runner; runners are imported lazily so the CLI and UI start fast.
import type { StageKind } from "./pipeline-config.js";
import type { StageRunner } from "./stage-runner.js";

const loaders: Record<StageKind, () => Promise<StageRunner>> = {
  command: async () => (await import("./stages/command-stage.js")).runCommandStage,
  data: async () => (await import("./stages/data-stage.js")).runDataStage,
  train: async () => (await import("./stages/train-stage.js")).runTrainStage,
  rollout: async () => (await import("./stages/rollout-stage.js")).runRolloutStage,
  verify: async () => (await import("./stages/verify-stage.js")).runVerifyStage,
  select: async () => (await import("./stages/select-stage.js")).runSelectStage,
  report: async () => (await import("./stages/report-stage.js")).runReportStage,
  experiment: async () => (await import("./stages/experiment-stage.js")).runExperimentStage,
};

/** The runner of a stage kind. */
export async function stageRunnerFor(kind: StageKind): Promise<StageRunner> {
  return loaders[kind]();
}
