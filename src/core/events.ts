// The typed event stream every core operation yields; the CLI, --json mode, the ink UI and tests consume it.
import type { CommandName, CommandResults } from "./command-results.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export type LogEvent = { type: "log"; level: LogLevel; message: string; source?: string };

/** Generic progress of a named task: `done` of `total` units. */
export type ProgressEvent = {
  type: "progress";
  task: string;
  done: number;
  total?: number;
  unit?: string;
  detail?: string;
};

export type StageEvent =
  | { type: "stage.start"; stage: string; index: number; total: number }
  | { type: "stage.skip"; stage: string; reason: string }
  | { type: "stage.end"; stage: string; status: "done" | "failed" | "cancelled"; seconds: number; error?: string };

export type TrainEvent =
  | { type: "train.start"; outputDir: string; stage: string; totalSteps?: number; launcher: "bridge" | "torchrun" }
  | {
      type: "train.step";
      step: number;
      totalSteps: number;
      loss?: number;
      rewardsChosen?: number;
      rewardsRejected?: number;
      rewardsMargins?: number;
      z0?: number;
      policyEntropy?: number;
      learningRate?: number;
      epoch?: number;
      etaSeconds?: number;
    }
  | { type: "train.checkpoint"; path: string; step: number }
  | { type: "train.finished"; outputDir: string; steps: number; interrupted: boolean };

export type RolloutEvent =
  | { type: "rollout.start"; instanceId: string; rolloutIndex: number }
  | { type: "rollout.step"; instanceId: string; rolloutIndex: number; step: number; tokens: number }
  | {
      type: "rollout.end";
      instanceId: string;
      rolloutIndex: number;
      reward: number | null;
      exitReason: string;
      steps: number;
      tokens: number;
    }
  | {
      type: "rollouts.progress";
      done: number;
      total: number;
      resolved: number;
      containersAlive: number;
      tokens: number;
      skipped: number;
      /** Tasks whose N rollouts are all recorded. */
      tasksDone?: number;
      tasksTotal?: number;
    };

export type ArtifactEvent = { type: "artifact"; kind: string; path: string; description?: string };

/**
 * Final, machine-readable result of a command (printed last in --json mode): a union keyed by `command`, so narrowing
 * on it types `data` (command-results.ts maps each command to its result).
 */
export type ResultEvent<Name extends CommandName = CommandName> = { [C in Name]: { type: "result"; command: C; data: CommandResults[C] } }[Name];

export type PipelineEvent = LogEvent | ProgressEvent | StageEvent | TrainEvent | RolloutEvent | ArtifactEvent | ResultEvent;

/** Every event type, for the schemas of files that store the stream (run-dir/events.ts). */
export const pipelineEventTypes = [
  "log",
  "progress",
  "stage.start",
  "stage.skip",
  "stage.end",
  "train.start",
  "train.step",
  "train.checkpoint",
  "train.finished",
  "rollout.start",
  "rollout.step",
  "rollout.end",
  "rollouts.progress",
  "artifact",
  "result",
] as const satisfies readonly PipelineEvent["type"][];
/** Compile-time check that the list above names every event type. */
const everyTypeListed: Exclude<PipelineEvent["type"], (typeof pipelineEventTypes)[number]> extends never ? true : never = true;
void everyTypeListed;

/** Helper: a log event. */
export function log(level: LogLevel, message: string, source?: string): LogEvent {
  return source === undefined ? { type: "log", level, message } : { type: "log", level, message, source };
}

/** Helper: the result event of `command`. */
export function result<Name extends CommandName>(command: Name, data: CommandResults[Name]): ResultEvent<Name> {
  return { type: "result", command, data } as ResultEvent<Name>;
}

/** True when `event` is the result event of `command` (its `data` is then typed). */
export function isResultOf<Name extends CommandName>(event: PipelineEvent | ResultEvent<Name>, command: Name): event is ResultEvent<Name> {
  return event.type === "result" && event.command === command;
}
