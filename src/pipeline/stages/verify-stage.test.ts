// The verify stage on a run directory written by the real rollout writer (local-directory sandboxes, no Docker), its
// judge the scripted LLM (no network): scores land on their own records, the stage's outcome is read back and shown,
// and records the judge could not score fail the stage so the next run asks only for those.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../../core/events.js";
import type { LlmEndpoint } from "../../selection/verify-from-options.js";
import { scriptedLlm, type ScriptedTurn } from "../../llm/testing/scripted-llm.js";
import { runRollouts } from "../../rollouts/run-rollouts.js";
import { fixtureTask, heldAgent } from "../../rollouts/testing/fixture-agent.js";
import { createLocalDirSandboxFactory } from "../../sandbox/testing/local-dir-sandbox.js";
import { judgeTurn } from "../../selection/testing/judge-turn.js";
import { collectAll } from "../../testing/collect.js";
import { outcomeLines } from "../../ui/outcome-lines.js";
import { loadPipeline, type PipelineConfig } from "../pipeline-config.js";
import { runPipeline } from "../run-pipeline.js";
import { stageOutcomes } from "../stage-outcome.js";

const ids = ["alpha", "beta", "gamma"];

const pipelineYaml = `version: 1
name: verify-stage
out: out
stages:
  - name: judge
    kind: verify
    outputs: ["\${out}/rollouts/eval/trajectories.jsonl"]
    with:
      runs: ["\${out}/rollouts/eval"]
      verifier_url: http://127.0.0.1:9/v1
      verifier_model: judge
      verifier_concurrency: 1
`;

/** A pipeline directory whose run (3 tasks × 2 rollouts, alpha solved) was written by runRollouts. */
async function pipelineWithRun(): Promise<{ pipeline: PipelineConfig; trajectories: string }> {
  const root = await mkdtemp(join(tmpdir(), "entropo-verify-stage-"));
  await writeFile(join(root, "entropo.yaml"), pipelineYaml);
  const runDir = join(root, "out", "rollouts", "eval");
  const agent = heldAgent(new Set(["alpha"]));
  ids.forEach((id) => [0, 1].forEach((n) => agent.release(`${id}#${n}`)));
  await collectAll(runRollouts({ tasks: ids.map(fixtureTask), llm: scriptedLlm([]), n: 2, concurrency: 1, outDir: runDir, model: "policy", runAgent: agent.runAgent, sandboxFactory: createLocalDirSandboxFactory() }));
  return { pipeline: await loadPipeline(join(root, "entropo.yaml")), trajectories: join(runDir, "trajectories.jsonl") };
}

type Stored = { instance_id: string; rollout_index: number; verifier_prob: number | null };
const stored = async (file: string): Promise<Stored[]> => (await readFile(file, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Stored);

/** A scripted judge answering `turns` in order, and the endpoints the stage asked a client for. */
function judge(turns: ScriptedTurn[]) {
  const client = scriptedLlm(turns);
  const endpoints: LlmEndpoint[] = [];
  return { client, endpoints, boundaries: { llmClient: (endpoint: LlmEndpoint) => (endpoints.push(endpoint), client) } };
}

const stageEnds = (events: PipelineEvent[]) => events.flatMap((event) => (event.type === "stage.end" ? [`${event.stage}:${event.status}`] : []));

describe("verify stage", () => {
  it("scores each candidate with the judge's P(YES), and its outcome shows candidates scored and instances", async () => {
    const { pipeline, trajectories } = await pipelineWithRun();
    const probabilities = [0.9, 0.2, 0.7, 0.4, 0.6, 0.1];
    const scripted = judge(probabilities.map(judgeTurn));
    const events = await collectAll(runPipeline({ pipeline, boundaries: scripted.boundaries }));
    expect(stageEnds(events)).toEqual(["judge:done"]);
    expect(events.find((event) => event.type === "result" && event.command === "verify")).toMatchObject({ data: { scored: 6, failed: 0 } });
    expect(scripted.endpoints).toEqual([{ baseUrl: "http://127.0.0.1:9/v1", model: "judge", apiKeyEnv: "OPENAI_API_KEY" }]);

    // One request per record, in file order (concurrency 1): each record holds the probability of its own request.
    const records = await stored(trajectories);
    expect(records).toHaveLength(6);
    records.forEach((record, index) => {
      expect(scripted.client.received[index]?.[1]?.content).toContain(`Fix ${record.instance_id}`);
      expect(record.verifier_prob).toBeCloseTo(probabilities[index] ?? -1, 9);
    });

    const outcome = (await stageOutcomes(pipeline)).get("judge");
    expect(outcome?.result).toEqual({ kind: "verify", files: [trajectories], candidates: 6, scored: 6, verifier: 6, regression: 0, instances: 3 });
    expect(outcome === undefined ? [] : outcomeLines(outcome, pipeline.baseDir).map((line) => line.text)).toContain("verify 6/6 candidates scored (100.0%) · 3 instances · verifier 6 · regression 0");
  });

  it("fails on a record the judge left unscored, keeps the others, and the next run asks only for that one", async () => {
    const { pipeline, trajectories } = await pipelineWithRun();
    const first = judge([judgeTurn(0.9), judgeTurn(0.8), "I cannot tell", judgeTurn(0.7), judgeTurn(0.6), judgeTurn(0.5)]);
    const events: PipelineEvent[] = [];
    await expect(
      (async () => {
        for await (const event of runPipeline({ pipeline, boundaries: first.boundaries })) events.push(event);
      })(),
    ).rejects.toThrow("1 record(s) could not be scored (see the warnings above); the scored 5 are kept");
    expect(stageEnds(events)).toEqual(["judge:failed"]);
    expect((await stored(trajectories)).map((record) => record.verifier_prob === null)).toEqual([false, false, true, false, false, false]);
    expect((await stageOutcomes(pipeline)).has("judge")).toBe(false);

    const second = judge([judgeTurn(0.3)]);
    expect(stageEnds(await collectAll(runPipeline({ pipeline, boundaries: second.boundaries })))).toEqual(["judge:done"]);
    expect(second.client.received).toHaveLength(1);
    expect((await stored(trajectories))[2]?.verifier_prob).toBeCloseTo(0.3, 9);
    expect((await stageOutcomes(pipeline)).get("judge")?.result).toMatchObject({ candidates: 6, scored: 6, instances: 3 });
  });
});
