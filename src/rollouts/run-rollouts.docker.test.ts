// runRollouts with real Docker, the real agent loop and built-in tasks: gold fix → 1, wrong fix → 0, cancel → nothing recorded.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError } from "../core/errors.js";
import type { PipelineEvent } from "../core/events.js";
import { createOpenAiClient } from "../llm/openai-client.js";
import { startReplayServer } from "../llm/replay-server.js";
import { createScriptedTeacher } from "../llm/scripted-teacher.js";
import { createDockerSandboxFactory, removeRunContainers } from "../sandbox/docker-sandbox.js";
import { loadTasks } from "../tasks/load-tasks.js";
import type { Task } from "../tasks/task.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "../trajectories/record.js";
import { runRollouts } from "./run-rollouts.js";
import { containersOfRun, dockerUnavailableReason } from "../sandbox/testing/docker-test-setup.js";
import { collectAll } from "../testing/collect.js";
import { resultOf } from "../testing/result-of.js";
import { loadRun } from "../reports/load-run.js";
import { readEventLines } from "../run-dir/events.js";

const unavailable = await dockerUnavailableReason();
if (unavailable !== null) console.warn(`skipping rollout Docker tests: ${unavailable}`);

const wrongJsonPointerPatch = `diff --git a/jsonptr/pointer.py b/jsonptr/pointer.py
--- a/jsonptr/pointer.py
+++ b/jsonptr/pointer.py
@@ -8,7 +8,7 @@ def escape(token):
 
 def unescape(token):
-    """Decode one reference token."""
+    """Decode one reference token (RFC 6901)."""
     return token.replace("~0", "~").replace("~1", "/")
 
 
`;

const runIds: string[] = [];
const roots: string[] = [];
afterAll(async () => {
  if (unavailable !== null) return;
  for (const runId of runIds) {
    await removeRunContainers(runId);
    expect(await containersOfRun(runId)).toEqual([]);
  }
  roots.forEach((root) => rmSync(root, { recursive: true, force: true }));
});

function readRecords(dir: string): TrajectoryRecord[] {
  return readFileSync(join(dir, "trajectories.jsonl"), "utf8")
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => trajectoryRecordSchema.parse(JSON.parse(line)));
}

describe.skipIf(unavailable !== null)("runRollouts in Docker", () => {
  let tasks: Task[];
  beforeAll(async () => {
    tasks = await loadTasks("builtin", { ids: ["csv-quotes", "json-pointer"] });
  });

  it("records reward 1 for the replayed gold fix and 0 for a wrong fix, with R2E fields and no leftover container", async () => {
    const [csv, pointer] = tasks;
    if (csv === undefined || pointer === undefined) throw new Error("built-in tasks missing");
    const teacher = createScriptedTeacher([
      { problemStatement: csv.problemStatement, patch: csv.goldPatch ?? "" },
      { problemStatement: pointer.problemStatement, patch: wrongJsonPointerPatch },
    ]);
    const outDir = mkdtempSync(join(tmpdir(), "entropo-run-"));
    roots.push(outDir);
    const runId = `test-rollouts-${randomBytes(4).toString("hex")}`;
    runIds.push(runId);
    const factory = createDockerSandboxFactory({ runId });
    let maxAlive = 0;
    const events = await collectAll(
      runRollouts({ tasks, llm: teacher, n: 1, concurrency: 2, outDir, runId, model: teacher.model, agentKind: "scripted-teacher", sandboxFactory: factory, limits: { maxSteps: 5 }, stage: "teacher", benchmark: "builtin" }),
      (event) => {
        if (event.type === "rollouts.progress") maxAlive = Math.max(maxAlive, event.containersAlive);
      },
    );
    const records = readRecords(outDir);
    const byId = new Map(records.map((record) => [record.instance_id, record]));
    expect(records).toHaveLength(2);
    expect(byId.get("csv-quotes")).toMatchObject({ reward: 1, exit_reason: "agent", finished: true, agent_kind: "scripted-teacher", run_id: runId, rollout_index: 0, max_steps: 5 });
    expect(byId.get("json-pointer")).toMatchObject({ reward: 0, exit_reason: "agent", finished: true });
    expect(byId.get("csv-quotes")?.output_patch).toContain("field.append('\"')");
    expect(byId.get("json-pointer")?.output_patch).toContain("RFC 6901");
    expect(byId.get("csv-quotes")?.messages.filter((message) => message.role === "assistant")).toHaveLength(2);
    expect(byId.get("csv-quotes")?.trajectory_steps[1]?.observation).toBe("<<< Finished >>>");
    const result = resultOf(events, "rollout");
    expect(result).toMatchObject({ total: 2, recorded: 2, resolved: 1, skipped: 0, failedToStart: 0 });
    expect(events.filter((event) => event.type === "rollout.end")).toHaveLength(2);
    expect(maxAlive).toBeLessThanOrEqual(2);
    expect(factory.alive()).toBe(0);
    expect(await containersOfRun(runId)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(outDir, "run.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ run_id: runId, model: "scripted-teacher", stage: "teacher", benchmark: "builtin", n: 1, total_instances: 2 });
    expect(readFileSync(join(outDir, "events.ndjson"), "utf8").split("\n").filter((line) => line.includes('"rollout.end"'))).toHaveLength(2);
    // What the runner wrote is what the readers accept: the report's loader (run.json, trajectories) and the events reader.
    const loaded = await loadRun(outDir);
    expect(loaded.metadata).toMatchObject({ run_id: runId, total_instances: 2, n: 1 });
    expect(loaded.rollouts.map((rollout) => [rollout.instanceId, rollout.resolved]).sort()).toEqual([["csv-quotes", true], ["json-pointer", false]]);
    expect((await collectAll(readEventLines(join(outDir, "events.ndjson")))).filter((line) => line.type === "rollout.end")).toHaveLength(2);

    // Re-running the same call resumes: nothing to do, nothing duplicated.
    const again = await collectAll(runRollouts({ tasks, llm: teacher, n: 1, concurrency: 2, outDir, runId, model: teacher.model, agentKind: "scripted-teacher", sandboxFactory: factory, limits: { maxSteps: 5 } }));
    expect(resultOf(again, "rollout")).toMatchObject({ skipped: 2, recorded: 0 });
    expect(readRecords(outDir)).toHaveLength(2);
  });

  it("on abort records no cancelled rollout, removes its containers and throws CancelledError", async () => {
    const teacher = createScriptedTeacher(tasks.map((task) => ({ problemStatement: task.problemStatement, patch: task.goldPatch ?? "" })));
    const outDir = mkdtempSync(join(tmpdir(), "entropo-run-"));
    roots.push(outDir);
    const runId = `test-cancel-${randomBytes(4).toString("hex")}`;
    runIds.push(runId);
    const factory = createDockerSandboxFactory({ runId });
    const controller = new AbortController();
    const seen: PipelineEvent[] = [];
    const error = await collectAll(
      runRollouts({ tasks, llm: teacher, n: 2, concurrency: 2, outDir, runId, model: teacher.model, sandboxFactory: factory, signal: controller.signal, limits: { maxSteps: 5 } }),
      (event) => {
        seen.push(event);
        if (event.type === "rollout.step") controller.abort();
      },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CancelledError);
    expect(seen.some((event) => event.type === "rollout.start")).toBe(true);
    expect(seen.filter((event) => event.type === "rollout.end")).toHaveLength(0);
    expect(readFileSync(join(outDir, "trajectories.jsonl"), { encoding: "utf8", flag: "a+" })).toBe("");
    expect(factory.alive()).toBe(0);
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("records an endpoint that keeps failing as llm_query_error, graded like any other rollout", async () => {
    const task = tasks.find((candidate) => candidate.id === "csv-quotes");
    if (task === undefined) throw new Error("built-in task missing");
    const server = await startReplayServer({ responses: { faults: [{ status: 503 }, { status: 503 }], queue: [] } });
    try {
      const llm = createOpenAiClient({ baseUrl: server.url, model: "down", env: {}, maxRetries: 1, retryBaseDelayMs: 5 });
      const outDir = mkdtempSync(join(tmpdir(), "entropo-run-"));
      roots.push(outDir);
      const runId = `test-llm-error-${randomBytes(4).toString("hex")}`;
      runIds.push(runId);
      await collectAll(runRollouts({ tasks: [task], llm, n: 1, concurrency: 1, outDir, runId, model: "down", llmUrl: server.url, sandboxFactory: createDockerSandboxFactory({ runId }) }));
      const [record] = readRecords(outDir);
      expect(record).toMatchObject({ exit_reason: "llm_query_error", reward: 0, finished: false, trajectory_steps: [], agent_kind: "llm" });
      expect(String((record as Record<string, unknown>).error)).toContain("HTTP 503");
      expect(server.requests).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("gives the agent replacement prompts (e.g. R2E-Gym's own config) and records the history it saw", async () => {
    const task = tasks.find((candidate) => candidate.id === "csv-quotes");
    if (task === undefined) throw new Error("built-in task missing");
    const finish = "Nothing to change.\n\n<function=finish>\n<parameter=command>submit</parameter>\n</function>";
    const server = await startReplayServer({ responses: { queue: [{ content: finish }] } });
    try {
      const llm = createOpenAiClient({ baseUrl: server.url, model: "m", env: {}, maxRetries: 0 });
      const outDir = mkdtempSync(join(tmpdir(), "entropo-run-"));
      roots.push(outDir);
      const runId = `test-prompts-${randomBytes(4).toString("hex")}`;
      runIds.push(runId);
      const prompts = { system: "You are a careful fixer.", instanceTemplate: "ISSUE START\n{problem_statement}\nISSUE END" };
      await collectAll(runRollouts({ tasks: [task], llm, n: 1, concurrency: 1, outDir, runId, model: "m", llmUrl: server.url, prompts, sandboxFactory: createDockerSandboxFactory({ runId }) }));
      const [record] = readRecords(outDir);
      expect(record?.messages[0]).toEqual({ role: "system", content: "You are a careful fixer." });
      expect(record?.messages[1]?.content.startsWith(`ISSUE START\n${task.problemStatement}\nISSUE END`)).toBe(true);
      expect(record).toMatchObject({ exit_reason: "agent", finished: true, reward: 0 });
    } finally {
      await server.close();
    }
  });
});
