// Pure dashboard state: folds core events into per-stage views (status, progress, sparklines, logs).
import type { PipelineEvent } from "../core/events.js";
import type { StageOutcome } from "../pipeline/stage-outcome.js";

export type StageStatus = "pending" | "running" | "done" | "skipped" | "failed" | "cancelled";

export type StageView = {
  name: string;
  kind: string;
  status: StageStatus;
  startedAt: number | null;
  seconds: number | null;
  progress: { done: number; total: number | null; task: string } | null;
  error: string | null;
  loss: number[];
  entropy: number[];
  rollouts: { done: number; total: number; resolved: number; containers: number; tokens: number } | null;
  logs: string[];
  /** What the stage's last finished run produced (read from its outputs when the dashboard opened); null once it re-runs. */
  outcome: StageOutcome | null;
};

export type DashboardState = {
  title: string;
  stages: StageView[];
  selected: number;
  running: boolean;
  message: string | null;
};

const maxLogs = 50;
const maxPoints = 60;

/** Initial state: every stage pending. */
export function initialDashboardState(title: string, stages: { name: string; kind: string; status?: StageStatus; outcome?: StageOutcome | null }[]): DashboardState {
  return {
    title,
    selected: 0,
    running: false,
    message: null,
    stages: stages.map((stage) => ({
      name: stage.name,
      kind: stage.kind,
      status: stage.status ?? "pending",
      startedAt: null,
      seconds: null,
      progress: null,
      error: null,
      loss: [],
      entropy: [],
      rollouts: null,
      logs: [],
      outcome: stage.outcome ?? null,
    })),
  };
}

function updateStage(state: DashboardState, name: string | undefined, update: (stage: StageView) => StageView): DashboardState {
  const target = name ?? state.stages.find((stage) => stage.status === "running")?.name;
  if (target === undefined) return state;
  return { ...state, stages: state.stages.map((stage) => (stage.name === target ? update(stage) : stage)) };
}

const appendBounded = <T>(items: T[], item: T, limit: number): T[] => [...items, item].slice(-limit);

/** Applies one event to the state (never mutates). */
export function reduceDashboard(state: DashboardState, event: PipelineEvent, now: number): DashboardState {
  switch (event.type) {
    case "stage.start":
      return updateStage({ ...state, running: true }, event.stage, (stage) => ({ ...stage, status: "running", startedAt: now, seconds: null, error: null, outcome: null }));
    case "stage.skip":
      return updateStage(state, event.stage, (stage) => ({ ...stage, status: "skipped", error: null }));
    case "stage.end":
      return updateStage(state, event.stage, (stage) => ({ ...stage, status: event.status, seconds: event.seconds, error: event.error ?? null }));
    case "progress":
      return updateStage(state, undefined, (stage) => ({ ...stage, progress: { done: event.done, total: event.total ?? null, task: event.task } }));
    case "train.step":
      return updateStage(state, undefined, (stage) => ({
        ...stage,
        progress: { done: event.step, total: event.totalSteps, task: "steps" },
        loss: event.loss === undefined ? stage.loss : appendBounded(stage.loss, event.loss, maxPoints),
        entropy: event.policyEntropy === undefined ? stage.entropy : appendBounded(stage.entropy, event.policyEntropy, maxPoints),
      }));
    case "rollouts.progress":
      return updateStage(state, undefined, (stage) => ({
        ...stage,
        progress: { done: event.done, total: event.total, task: "rollouts" },
        rollouts: { done: event.done, total: event.total, resolved: event.resolved, containers: event.containersAlive, tokens: event.tokens },
      }));
    case "log":
      return updateStage(state, event.source, (stage) => ({ ...stage, logs: appendBounded(stage.logs, event.message, maxLogs) }));
    case "result":
      return { ...state, running: false, message: "pipeline finished" };
    default:
      return state;
  }
}

/** Seconds left for a running stage, from its progress so far; null when unknown. */
export function etaSeconds(stage: StageView, now: number): number | null {
  if (stage.status !== "running" || stage.startedAt === null || stage.progress === null) return null;
  const { done, total } = stage.progress;
  if (total === null || done <= 0 || total <= done) return null;
  return (((now - stage.startedAt) / 1000) * (total - done)) / done;
}

/** Moves the selection by `delta`, clamped to the stage list. */
export function moveSelection(state: DashboardState, delta: number): DashboardState {
  const selected = Math.max(0, Math.min(state.stages.length - 1, state.selected + delta));
  return { ...state, selected };
}
