// The interactive dashboard: stage list, selected stage details, keys to move, start/resume, cancel and quit.
import { Box, Text, useApp, useInput } from "ink";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { PipelineEvent } from "../core/events.js";
import { initialDashboardState, moveSelection, reduceDashboard, type DashboardState, type StageStatus } from "./dashboard-state.js";
import type { StageOutcome } from "../pipeline/stage-outcome.js";
import { StageDetails } from "./stage-details.js";
import { StageList } from "./stage-list.js";

export type DashboardProps = {
  title: string;
  /** The pipeline's stages with their cache status and, for finished ones, their last outcome (stage-outcome.ts). */
  stages: { name: string; kind: string; status?: StageStatus; outcome?: StageOutcome | null }[];
  /** Starts (or resumes) the pipeline; the dashboard only consumes its events. */
  start: (signal: AbortSignal) => AsyncIterable<PipelineEvent>;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** Tick interval for elapsed times (ms); 0 disables ticking. */
  tickMs?: number;
};

type Action = { kind: "event"; event: PipelineEvent; now: number } | { kind: "move"; delta: number } | { kind: "message"; text: string } | { kind: "stopped" };

function reducer(state: DashboardState, action: Action): DashboardState {
  switch (action.kind) {
    case "event":
      return reduceDashboard(state, action.event, action.now);
    case "move":
      return moveSelection(state, action.delta);
    case "message":
      return { ...state, message: action.text };
    case "stopped":
      return { ...state, running: false };
  }
}

/** The dashboard component; fits 80x24. */
export function Dashboard({ title, stages, start, now = Date.now, tickMs = 1000 }: DashboardProps) {
  const { exit } = useApp();
  const [state, dispatch] = useReducer(reducer, initialDashboardState(title, stages));
  const [clock, setClock] = useState(now());
  const controller = useRef<AbortController | null>(null);
  const quitting = useRef(false);

  useEffect(() => {
    if (!state.running || tickMs <= 0) return;
    const timer = setInterval(() => setClock(now()), tickMs);
    return () => clearInterval(timer);
  }, [state.running, tickMs, now]);

  const run = useCallback(async () => {
    if (controller.current !== null) return;
    const abort = new AbortController();
    controller.current = abort;
    dispatch({ kind: "message", text: "running… (c to cancel)" });
    try {
      for await (const event of start(abort.signal)) dispatch({ kind: "event", event, now: now() });
    } catch (error) {
      dispatch({ kind: "message", text: abort.signal.aborted ? "cancelled: press s to resume" : `failed: ${(error as Error).message.split("\n")[0]}` });
    } finally {
      controller.current = null;
      dispatch({ kind: "stopped" });
      if (quitting.current) exit();
    }
  }, [start, now, exit]);

  useInput((input, key) => {
    if (key.upArrow || input === "k") dispatch({ kind: "move", delta: -1 });
    else if (key.downArrow || input === "j") dispatch({ kind: "move", delta: 1 });
    else if (input === "s" || key.return) void run();
    else if (input === "c") controller.current?.abort();
    else if (input === "q") {
      // A running pipeline first stops cleanly (containers removed, servers stopped, checkpoint saved), then we exit.
      if (controller.current === null) return exit();
      quitting.current = true;
      dispatch({ kind: "message", text: "stopping cleanly, then quit…" });
      controller.current.abort();
    }
  });

  const selected = state.stages[state.selected];
  const detailHeight = Math.max(4, 24 - 6 - state.stages.length);
  return (
    <Box flexDirection="column" width={80}>
      <Text bold wrap="truncate">
        entropo · {state.title} {state.running ? <Text color="cyan">running</Text> : <Text color="gray">idle</Text>}
      </Text>
      <StageList state={state} now={clock} />
      {selected === undefined ? null : <StageDetails stage={selected} height={detailHeight} />}
      <Text color="gray" wrap="truncate">
        ↑/↓ move · s start/resume · c cancel · q quit{state.message === null ? "" : `  — ${state.message}`}
      </Text>
    </Box>
  );
}
