// Test support for the rollout runner: trusted fixture tasks graded by a shell test, and an agent whose rollouts the
// test holds open and releases (so concurrency and cancellation are checked with counters, never with timing).
import type { AgentOutcome } from "../../agent/run-agent.js";
import type { Task } from "../../tasks/task.js";
import type { RunAgentFunction } from "../run-one-rollout.js";

/** A task whose base state is a README and whose test passes when the agent wrote FIXED into fix.txt. */
export function fixtureTask(id: string): Task {
  return {
    id,
    problemStatement: `Fix ${id}`,
    image: "local-fixture",
    source: "local",
    goldPatch: null,
    ds: { instance_id: id },
    async prepare(sandbox) {
      await sandbox.writeFile("README", `${id}\n`);
    },
    async grade(sandbox) {
      const result = await sandbox.exec("grep -q FIXED fix.txt && echo PASSED || echo FAILED");
      const passed = result.output.trim() === "PASSED";
      return { reward: passed ? 1 : 0, testOutput: result.output, tests: { "fix.txt": passed ? "PASSED" : "FAILED" }, seconds: result.durationMs / 1000 };
    },
  };
}

type Deferred = { promise: Promise<void>; resolve: () => void };

function deferred(): Deferred {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * An agent that writes the fix (FIXED for ids in `solves`, else WRONG) in the sandbox, then waits at `hold(id)`
 * until the test releases it or the run is aborted (then it reports `cancelled`, as the real loop does).
 */
export function heldAgent(solves: ReadonlySet<string>) {
  const started: string[] = [];
  const holds = new Map<string, Deferred>();
  const waiting = new Set<() => void>();
  const state = { active: 0, peakActive: 0, finished: 0 };
  const notify = () => waiting.forEach((wake) => wake());
  const runAgent: RunAgentFunction = async (options) => {
    const id = options.problemStatement.replace(/^Fix /, "");
    const key = `${id}#${started.filter((seen) => seen.startsWith(`${id}#`)).length}`;
    started.push(key);
    state.active += 1;
    state.peakActive = Math.max(state.peakActive, state.active);
    notify();
    try {
      const fix = await options.sandbox.exec(`echo ${solves.has(id) ? "FIXED" : "WRONG"} > fix.txt`);
      const hold = holds.get(key) ?? deferred();
      holds.set(key, hold);
      const aborted = new Promise<void>((resolve) => {
        if (options.signal?.aborted === true) resolve();
        options.signal?.addEventListener("abort", () => resolve(), { once: true });
      });
      await Promise.race([hold.promise, aborted]);
      const cancelled = options.signal?.aborted === true;
      return outcome(cancelled ? "cancelled" : "agent", fix.output);
    } finally {
      state.active -= 1;
      state.finished += 1;
      notify();
    }
  };
  /** Resolves once `predicate` holds (checked after every start and end of an agent run). */
  const until = (predicate: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = () => {
        if (!predicate()) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
  /** Lets the held rollout `key` (instance#n-th start) finish. */
  const release = (key: string) => {
    const hold = holds.get(key) ?? deferred();
    holds.set(key, hold);
    hold.resolve();
  };
  return { runAgent, started, state, until, release };
}

function outcome(exitReason: AgentOutcome["exitReason"], output: string): AgentOutcome {
  return {
    steps: [],
    messages: [{ role: "assistant", content: output }],
    exitReason,
    finished: exitReason === "agent",
    outputPatch: "",
    outputPatchDropped: [],
    totalTokens: 10,
    systemPrompt: "system",
    instancePrompt: "instance",
  };
}
