import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { CancelledError } from "../core/errors.js";
import { verifierSystemPrompt } from "../datasets/verifier-prompt.js";
import { createOpenAiClient } from "../llm/openai-client.js";
import { createRng } from "../util/seeded-random.js";
import type { JudgeServer } from "./testing/judge-server.js";
import { startJudgeServer } from "./testing/judge-server.js";
import { makeRun, record } from "./testing/run-files.js";
import type { VerifyRunsOptions, VerifyRunsResult } from "./verify-runs.js";
import { verifyRuns } from "./verify-runs.js";

// Each record's problem statement carries a tag; the server's P(YES) for it is a distinct known value.
const count = 24;
const tagOf = (index: number): string => `TAG-${index}-END`;
const expectedProbability = (index: number): number => (index + 1) / (count + 2);
const silentIndex = 17; // the server answers this one without a judgement
const records = Array.from({ length: count }, (_, index) =>
  record({ instance_id: `inst-${index % 6}`, rollout_index: Math.floor(index / 6), problem_statement: `Fix it. ${tagOf(index)}`, reward: index % 2 }),
);

function indexIn(user: string): number {
  return Number(/TAG-(\d+)-END/.exec(user)?.[1] ?? "-1");
}

let server: JudgeServer;
const delays = createRng(99);

beforeAll(async () => {
  server = await startJudgeServer({
    probabilityFor: (user) => (indexIn(user) === silentIndex ? null : expectedProbability(indexIn(user))),
    delayMs: () => Math.floor(delays() * 40),
    preambleFor: (user) => (indexIn(user) % 3 === 0 ? ["Checking", " the", " patch", ".\n"] : []),
  });
});
afterAll(async () => server.close());

async function run(options: VerifyRunsOptions): Promise<{ events: PipelineEvent[]; result: VerifyRunsResult }> {
  const events: PipelineEvent[] = [];
  const generator = verifyRuns(options);
  for (;;) {
    const next = await generator.next();
    if (next.done) return { events, result: next.value };
    events.push(next.value);
  }
}

async function storedProbabilities(dir: string): Promise<(number | null)[]> {
  const lines = (await readFile(join(dir, "trajectories.jsonl"), "utf8")).trim().split("\n");
  return lines.map((line) => (JSON.parse(line) as { verifier_prob?: number | null }).verifier_prob ?? null);
}

describe("verifyRuns with the verifier signal against a real local server", () => {
  const client = () => createOpenAiClient({ baseUrl: server.url, model: "judge", maxRetries: 0 });

  it("stores each P(YES) on the record it belongs to although completions finish out of order", async () => {
    const dir = await makeRun(records);
    const before = (await readFile(join(dir, "trajectories.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const firstRequest = server.bodies.length;
    const { result, events } = await run({ runs: [dir], verifier: { client: client(), concurrency: 8 }, checkpointEvery: 5 });
    const answered = server.responseOrder.slice(firstRequest).map(indexIn);
    const asked = server.bodies.slice(firstRequest).map((body) => indexIn(body.messages[1]?.content ?? ""));
    expect(answered).not.toEqual(asked); // responses really came back out of order
    for (const body of server.bodies.slice(firstRequest)) {
      expect(body).toMatchObject({ model: "judge", logprobs: true, top_logprobs: 20, temperature: 0 });
      expect(body.messages[0]).toEqual({ role: "system", content: verifierSystemPrompt });
      expect(body.messages[1]?.content).toContain("=== FINAL PATCH ===");
      expect(body.messages[1]?.content).toContain("+fixed inst-");
    }
    expect(result).toMatchObject({ scored: count - 1, failed: 1 });
    const stored = await storedProbabilities(dir);
    stored.forEach((probability, index) => {
      if (index === silentIndex) expect(probability).toBeNull();
      else expect(Math.abs((probability ?? -1) - expectedProbability(index))).toBeLessThan(1e-9);
    });
    const after = (await readFile(join(dir, "trajectories.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    after.forEach((line, index) => expect({ ...line, verifier_prob: undefined }).toEqual({ ...before[index], verifier_prob: undefined }));
    expect(events.some((e) => e.type === "log" && e.level === "warn" && e.message.includes(`inst-${silentIndex % 6}#${Math.floor(silentIndex / 6)}`))).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "result", command: "verify" });
  });

  it("resumes: scored records are skipped, only the unscored one is asked again", async () => {
    const dir = await makeRun(records.map((r, index) => (index === silentIndex ? r : { ...r, verifier_prob: 0.5 })));
    const requestsBefore = server.requests;
    const { result } = await run({ runs: [dir], verifier: { client: client(), concurrency: 4 } });
    expect(server.requests - requestsBefore).toBe(1);
    expect(result.files[0]).toMatchObject({ skipped: count - 1, failed: 1, scored: 0 });
  });

  it("saves the scores finished before an interruption and completes them on the next run", async () => {
    const dir = await makeRun(records);
    const controller = new AbortController();
    const seen: PipelineEvent[] = [];
    const interrupted = (async () => {
      for await (const event of verifyRuns({ runs: [dir], verifier: { client: client(), concurrency: 2 }, checkpointEvery: 1, signal: controller.signal })) {
        seen.push(event);
        if (event.type === "progress" && event.done >= 4) controller.abort();
      }
    })();
    await expect(interrupted).rejects.toBeInstanceOf(CancelledError);
    const partial = await storedProbabilities(dir);
    const scored = partial.filter((p) => p !== null).length;
    expect(scored).toBeGreaterThanOrEqual(4);
    expect(scored).toBeLessThan(count - 1);
    partial.forEach((probability, index) => probability === null || expect(Math.abs(probability - expectedProbability(index))).toBeLessThan(1e-9));
    const { result } = await run({ runs: [dir], verifier: { client: client(), concurrency: 8 } });
    expect(result.files[0]?.skipped).toBe(scored);
    const complete = await storedProbabilities(dir);
    expect(complete.filter((p) => p !== null).length).toBe(count - 1);
  });

  it("condenses old observations to the prompt budget before sending", async () => {
    const long = record({ instance_id: "inst-0", rollout_index: 0, steps: 30, problem_statement: `Fix it. ${tagOf(0)}` });
    const steps = (long.trajectory_steps as Record<string, unknown>[]).map((step, index) => ({ ...step, observation: `observation ${index} ${"x".repeat(400)}` }));
    const dir = await makeRun([{ ...long, trajectory_steps: steps }]);
    const firstRequest = server.bodies.length;
    const countTokens = (text: string): number => Math.ceil(text.length / 4);
    await run({ runs: [dir], verifier: { client: client(), countTokens, maxPromptTokens: 4000 } });
    const user = server.bodies[firstRequest]?.messages[1]?.content ?? "";
    expect(user).toContain("<Observation condensed for saving context>");
    expect(user).toContain("observation 29");
    expect(user).not.toContain("observation 0 ");
  });

  it("asks for at least one signal and names a bad record's file, line and field", async () => {
    const dir = await makeRun([record({ instance_id: "a", rollout_index: 0 }), '{"instance_id": "b", "trajectory_steps": "none"}']);
    await expect(run({ runs: [dir] })).rejects.toThrow(/at least one signal/);
    await expect(run({ runs: [dir], verifier: { client: client() } })).rejects.toThrow(/trajectories\.jsonl:2: field trajectory_steps/);
  });
});
