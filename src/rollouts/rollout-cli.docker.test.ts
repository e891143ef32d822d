// `node bin/entropo.js rollout` as a real child process against the replay server: kill -9 mid-run, resume, secrets.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { resultOf } from "../testing/result-of.js";
import { projectRoot } from "../util/paths.js";
import { startReplayServer, type ReplayServer } from "../llm/replay-server.js";
import { formatStep, planFromPatch } from "../llm/teacher-plan.js";
import { loadTasks } from "../tasks/load-tasks.js";
import { containersOfRun, dockerUnavailableReason } from "../sandbox/testing/docker-test-setup.js";

const unavailable = await dockerUnavailableReason();
if (unavailable !== null) console.warn(`skipping rollout CLI tests: ${unavailable}`);

const root = projectRoot();
const secret = `sk-test-SECRET-${randomBytes(12).toString("hex")}`;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The CLI's --json lines are the event stream (PipelineEvent), printed as JSON. */
type RunResult = { code: number | null; signal: NodeJS.Signals | null; events: PipelineEvent[] };

/** Runs the CLI; `stopWhen` sees each NDJSON event and may SIGKILL the child by returning true. */
function runCli(args: string[], stopWhen: (event: PipelineEvent) => boolean = () => false): Promise<RunResult> {
  const child: ChildProcess = spawn(process.execPath, [join(root, "bin", "entropo.js"), ...args], {
    cwd: root,
    env: { ...process.env, OPENAI_API_KEY: secret },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: PipelineEvent[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.startsWith("{")) return;
    const event = JSON.parse(line) as PipelineEvent;
    events.push(event);
    if (stopWhen(event)) child.kill("SIGKILL");
  });
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      if (code !== 0 && signal === null) console.error(stderr);
      resolve({ code, signal, events });
    }),
  );
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

describe.skipIf(unavailable !== null)("entropo rollout (child process)", () => {
  it("survives kill -9 and a torn last line: the resume records every (task, rollout) exactly once, and no file holds the API key", async () => {
    if (!existsSync(join(root, "dist", "cli", "commands", "rollout.js"))) throw new Error("dist/ is not built: run `npm run build` first");
    const ids = ["csv-quotes", "json-pointer"];
    const tasks = await loadTasks("builtin", { ids });
    // A policy server that answers like a model that knows the fix: the teacher's plan, served over real HTTP.
    const server: ReplayServer = await startReplayServer({
      responses: {
        model: "replayed-policy",
        conversations: tasks.map((task) => ({
          firstUserMessage: task.problemStatement.trim(),
          assistantTurns: planFromPatch(task.goldPatch ?? "").map((step) => ({ content: formatStep(step) })),
        })),
      },
    });
    cleanups.push(() => server.close());
    const outDir = mkdtempSync(join(tmpdir(), "entropo-cli-run-"));
    cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
    const runId = `test-cli-${randomBytes(4).toString("hex")}`;
    const args = ["rollout", "--tasks", "builtin", "--ids", ids.join(","), "--llm-url", server.url, "--model", "replayed-policy", "-n", "3", "--concurrency", "2",
      "--out", outDir, "--run-id", runId, "--max-steps", "5", "--temperature", "0.7", "--top-p", "0.8", "--top-k", "20", "--json"];

    const killed = await runCli(args, (event) => event.type === "rollout.end");
    expect(killed.signal).toBe("SIGKILL");
    const file = join(outDir, "trajectories.jsonl");
    const before = readFileSync(file, "utf8").trim().split("\n").filter((line) => line !== "");
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(6);
    appendFileSync(file, '{"trajectory_steps":[],"instance_id":"csv-quotes","rollout_index":2,"exit_rea'); // a write cut by the kill

    const resumed = await runCli(args);
    expect(resumed.code).toBe(0);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    const records = lines.map((line) => JSON.parse(line) as { instance_id: string; rollout_index: number; reward: number; exit_reason: string; agent_kind: string; sampling: { top_k: number } });
    const keys = records.map((record) => `${record.instance_id}#${record.rollout_index}`).sort();
    expect(keys).toEqual(["csv-quotes#0", "csv-quotes#1", "csv-quotes#2", "json-pointer#0", "json-pointer#1", "json-pointer#2"]);
    for (const record of records) expect(record).toMatchObject({ reward: 1, exit_reason: "agent", agent_kind: "llm", sampling: { top_k: 20 } });
    const result = resultOf(resumed.events, "rollout");
    expect(result.skipped).toBe(before.length);
    expect(result.recorded).toBe(6 - before.length);
    expect(readdirSync(outDir).some((name) => name.startsWith("trajectories.jsonl.torn-"))).toBe(true);

    expect(server.requests).toBeGreaterThanOrEqual(12);
    for (const path of filesUnder(outDir)) expect(readFileSync(path, "utf8"), path).not.toContain(secret);
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("rejects bad options naming the option, the expected value and the value received", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "entropo-cli-bad-"));
    cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
    const child = spawn(process.execPath, [join(root, "bin", "entropo.js"), "rollout", "--tasks", "builtin", "--teacher", "scripted", "-n", "zero", "--out", outDir], { cwd: root });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('option -n expects an integer >= 1, received "zero"');
  });
});
