// One human-readable line per core event (plain output of every command).
import type { PipelineEvent } from "../core/events.js";

/** Formats one event as a human-readable line, or null when it is not worth a line of its own. */
export function formatEvent(event: PipelineEvent): string | null {
  switch (event.type) {
    case "log":
      if (event.level === "debug" && !process.env.ENTROPO_VERBOSE) return null;
      return `${event.level === "info" ? "" : event.level + ": "}${event.source ? `[${event.source}] ` : ""}${event.message}`;
    case "progress":
      return `${event.task}: ${event.done}${event.total === undefined ? "" : `/${event.total}`}${event.unit ? " " + event.unit : ""}${event.detail ? ` (${event.detail})` : ""}`;
    case "stage.start":
      return `▶ stage ${event.index + 1}/${event.total} ${event.stage}`;
    case "stage.skip":
      return `↷ stage ${event.stage} skipped: ${event.reason}`;
    case "stage.end":
      // A failed or cancelled stage's error is what runPipeline throws next: reportError prints it once, as `entropo: ...`.
      return `■ stage ${event.stage} ${event.status} in ${event.seconds.toFixed(1)}s`;
    case "train.start":
      return `training ${event.stage} → ${event.outputDir} (${event.launcher})`;
    case "train.step": {
      const numbers = [
        event.loss === undefined ? "" : `loss ${event.loss.toFixed(4)}`,
        event.policyEntropy === undefined ? "" : `entropy ${event.policyEntropy.toFixed(3)}`,
        event.rewardsMargins === undefined ? "" : `margin ${event.rewardsMargins.toFixed(3)}`,
        event.z0 === undefined ? "" : `z0 ${event.z0.toFixed(3)}`,
        event.learningRate === undefined ? "" : `lr ${event.learningRate.toExponential(2)}`,
        event.etaSeconds === undefined ? "" : `eta ${Math.round(event.etaSeconds)}s`,
      ].filter((part) => part !== "");
      return `step ${event.step}/${event.totalSteps} ${numbers.join(" ")}`;
    }
    case "train.checkpoint":
      return `checkpoint at step ${event.step}: ${event.path}`;
    case "train.finished":
      return `training ${event.interrupted ? "interrupted" : "finished"} after ${event.steps} steps: ${event.outputDir}`;
    case "rollout.start":
    case "rollout.step":
      return null;
    case "rollout.end":
      return `rollout ${event.instanceId}#${event.rolloutIndex}: reward ${event.reward ?? "n/a"}, ${event.exitReason}, ${event.steps} steps`;
    case "rollouts.progress":
      return `rollouts ${event.done}/${event.total} resolved ${event.resolved} containers ${event.containersAlive} tokens ${event.tokens}`;
    case "artifact":
      return `wrote ${event.kind}: ${event.path}`;
    case "result":
      return null;
  }
}
