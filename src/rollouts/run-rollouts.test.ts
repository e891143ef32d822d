// The rollout runner's own logic on the test doubles (local-directory sandboxes, a held agent; no Docker): at most
// `concurrency` sandboxes at once, cancel keeps finished work and records nothing half-done, a re-run resumes.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../core/errors.js";
import type { PipelineEvent } from "../core/events.js";
import { scriptedLlm } from "../llm/testing/scripted-llm.js";
import { createLocalDirSandboxFactory } from "../sandbox/testing/local-dir-sandbox.js";
import { collectAll } from "../testing/collect.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "../trajectories/record.js";
import { runRollouts, type RunRolloutsOptions } from "./run-rollouts.js";
import { fixtureTask, heldAgent } from "./testing/fixture-agent.js";

const tasks = ["alpha", "beta", "gamma"].map(fixtureTask);

function records(outDir: string): TrajectoryRecord[] {
  const text = readFileSync(join(outDir, "trajectories.jsonl"), { encoding: "utf8", flag: "a+" });
  return text.split("\n").filter((line) => line !== "").map((line) => trajectoryRecordSchema.parse(JSON.parse(line)));
}

function options(outDir: string, extra: Partial<RunRolloutsOptions> & Pick<RunRolloutsOptions, "runAgent" | "sandboxFactory">): RunRolloutsOptions {
  return { tasks, llm: scriptedLlm([]), n: 2, concurrency: 2, outDir, runId: "fast-run", model: "fixture", agentKind: "scripted-teacher", ...extra };
}

const summaryOf = (events: PipelineEvent[]) => events.find((event) => event.type === "result")?.data;

describe("runRollouts on local-directory sandboxes", () => {
  it("keeps at most `concurrency` sandboxes open and reaches it; grades in the rollout's own sandbox", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "entropo-fast-run-"));
    const agent = heldAgent(new Set(["alpha", "gamma"]));
    const factory = createLocalDirSandboxFactory();
    const total = tasks.length * 2;
    // Release the held rollouts only once as many run as may (or all that are left): the peak must reach the limit.
    const releaser = (async () => {
      while (agent.state.finished < total) {
        await agent.until(() => agent.state.active === Math.min(3, total - agent.state.finished));
        const before = agent.state.finished;
        agent.started.forEach(agent.release);
        await agent.until(() => agent.state.finished > before);
      }
    })();
    const events = await collectAll(runRollouts(options(outDir, { runAgent: agent.runAgent, sandboxFactory: factory, concurrency: 3 })));
    await releaser;
    expect(agent.state.peakActive).toBe(3);
    expect(factory.stats).toEqual({ created: 6, closed: 6, peakAlive: 3 });
    expect(factory.alive()).toBe(0);
    expect(summaryOf(events)).toMatchObject({ total: 6, recorded: 6, resolved: 4, skipped: 0, failedToStart: 0 });
    const rewards = Object.fromEntries(records(outDir).map((record) => [`${record.instance_id}#${record.rollout_index}`, record.reward]));
    expect(rewards).toEqual({ "alpha#0": 1, "alpha#1": 1, "beta#0": 0, "beta#1": 0, "gamma#0": 1, "gamma#1": 1 });
  });

  it("cancel mid-run keeps finished rollouts, records none half-done, and a re-run resumes without redoing them", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "entropo-fast-run-"));
    const first = heldAgent(new Set(["alpha", "beta", "gamma"]));
    const factory = createLocalDirSandboxFactory();
    const controller = new AbortController();
    first.release("alpha#0");
    first.release("alpha#1");
    let ends = 0;
    let starts = 0;
    const error = await collectAll(runRollouts(options(outDir, { runAgent: first.runAgent, sandboxFactory: factory, signal: controller.signal })), (event) => {
      if (event.type === "rollout.start") starts += 1;
      if (event.type === "rollout.end") ends += 1;
      if (ends === 2 && event.type === "rollouts.progress") controller.abort();
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CancelledError);
    expect(records(outDir).map((record) => `${record.instance_id}#${record.rollout_index}`).sort()).toEqual(["alpha#0", "alpha#1"]);
    expect(factory.alive()).toBe(0);
    // The first worker to finish took the next rollout before the abort: it was running, and is not recorded.
    expect(starts).toBeGreaterThan(2);

    const second = heldAgent(new Set(["alpha", "beta", "gamma"]));
    ["beta#0", "beta#1", "gamma#0", "gamma#1"].forEach((key) => second.release(key));
    const events = await collectAll(runRollouts(options(outDir, { runAgent: second.runAgent, sandboxFactory: factory })));
    expect(second.started.sort()).toEqual(["beta#0", "beta#1", "gamma#0", "gamma#1"]);
    expect(summaryOf(events)).toMatchObject({ total: 6, skipped: 2, recorded: 4, resolved: 4 });
    const keys = records(outDir).map((record) => `${record.instance_id}#${record.rollout_index}`);
    expect(keys.sort()).toEqual(["alpha#0", "alpha#1", "beta#0", "beta#1", "gamma#0", "gamma#1"]);
    expect(JSON.parse(readFileSync(join(outDir, "run.json"), "utf8"))).toMatchObject({ run_id: "fast-run", n: 2, total_instances: 3 });

    const third = heldAgent(new Set());
    const again = await collectAll(runRollouts(options(outDir, { runAgent: third.runAgent, sandboxFactory: factory })));
    expect(third.started).toEqual([]);
    expect(summaryOf(again)).toMatchObject({ skipped: 6, recorded: 0 });
    expect(records(outDir)).toHaveLength(6);
  });
});
