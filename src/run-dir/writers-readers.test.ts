// Every writer of a run-directory file against every reader of it, on real files: what `entropo rollout`, `verify`,
// `predictions` and `select` write parses with the schema the report, select, verify and the resume read it with.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadRun } from "../reports/load-run.js";
import { writePredictions } from "../rollouts/predictions.js";
import { loadRuns } from "../selection/load-runs.js";
import { scoreFile } from "../selection/score-file.js";
import { selectRuns } from "../selection/select-runs.js";
import { record } from "../selection/testing/run-files.js";
import { collectAll } from "../testing/collect.js";
import { trajectoryRecordSchema } from "../trajectories/record.js";
import { readBestOfKFile } from "./best-of-k.js";
import { runDirPaths } from "./layout.js";
import { readPredictionsFile } from "./predictions.js";
import { readRunJson, writeRunJson, type RolloutRunJson } from "./run-json.js";
import { readSelectionFile } from "./selection.js";
import { readRunRecords } from "./trajectories.js";
import { completedRolloutKeys, TrajectoryWriter } from "./trajectory-writer.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A run directory as `entropo rollout` leaves it: run.json and trajectories.jsonl written by the rollout's writers. */
async function rolloutRun(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "entropo-writers-readers-"));
  roots.push(dir);
  const runJson: RolloutRunJson = {
    run_id: "r1",
    model: "policy-model",
    agent_kind: "llm",
    stage: "sft",
    benchmark: "builtin",
    run_index: 0,
    llm_url: "http://127.0.0.1:8000/v1",
    sampling: { temperature: 0.7, top_p: null, top_k: null, max_tokens: null, seed: null },
    limits: { max_steps: 5 },
    n: 2,
    total_instances: 3,
    temperature: 0.7,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
  };
  await writeRunJson(dir, runJson, []);
  const writer = new TrajectoryWriter(runDirPaths(dir).trajectories, []);
  for (const instance of ["a", "b"]) {
    for (const index of [0, 1]) {
      const fields = record({ instance_id: instance, rollout_index: index, reward: index === 0 ? 1 : 0, finished: true });
      await writer.append(trajectoryRecordSchema.parse({ ...fields, run_id: "r1", sampling: runJson.sampling }));
    }
  }
  return dir;
}

describe("what the rollout writes", () => {
  it("is read by the report, select, the resume and the records reader alike", async () => {
    const dir = await rolloutRun();
    const paths = runDirPaths(dir);
    expect(await readRunJson(dir)).toMatchObject({ run_id: "r1", total_instances: 3, n: 2 });
    const loaded = await loadRun(dir);
    expect(loaded.temperature).toBe(0.7);
    expect(loaded.rollouts.map((rollout) => `${rollout.instanceId}#${rollout.rolloutIndex}:${rollout.resolved}`)).toEqual(["a#0:true", "a#1:false", "b#0:true", "b#1:false"]);
    expect([...(await loadRuns([dir])).groups.keys()]).toEqual(["a", "b"]);
    expect([...(await completedRolloutKeys(paths.trajectories))].sort()).toEqual(["a#0", "a#1", "b#0", "b#1"]);
    expect((await collectAll(readRunRecords(paths.trajectories))).map((entry) => entry.record.run_id)).toEqual(["r1", "r1", "r1", "r1"]);
  });
});

describe("what verify, predictions and select write", () => {
  it("is read back by the next reader of the directory", async () => {
    const dir = await rolloutRun();
    const paths = runDirPaths(dir);
    // verify rewrites trajectories.jsonl with its scores: the records reader and the resume still accept it.
    await collectAll(scoreFile({ file: paths.trajectories, signalName: "verifier", needsScore: (raw) => raw.verifier_prob === null || raw.verifier_prob === undefined, score: (one) => Promise.resolve({ verifier_prob: one.rollout_index === 0 ? 0.9 : 0.2 }) }));
    expect((await collectAll(readRunRecords(paths.trajectories))).map((entry) => entry.record.verifier_prob)).toEqual([0.9, 0.2, 0.9, 0.2]);
    expect((await completedRolloutKeys(paths.trajectories)).size).toBe(4);
    // `entropo predictions` and `entropo select` write predictions, selection.json and best-of-k.json; the report reads them.
    await collectAll(writePredictions({ runs: [dir], out: join(dir, "rollout-1.jsonl"), rolloutIndex: 1 }));
    expect((await readPredictionsFile(join(dir, "rollout-1.jsonl"))).map((prediction) => prediction.instance_id)).toEqual(["a", "b"]);
    await collectAll(selectRuns({ runs: [dir], strategy: "verified", out: paths.predictions, bestOfKTrials: 10 }));
    expect((await readPredictionsFile(paths.predictions)).map((prediction) => [prediction.instance_id, prediction.rollout_index])).toEqual([
      ["a", 0],
      ["b", 0],
    ]);
    expect((await readSelectionFile(dir))?.picks).toHaveLength(2);
    expect((await readBestOfKFile(dir))?.curves.length).toBeGreaterThan(0);
    const loaded = await loadRun(dir);
    expect(loaded.selection?.summary?.resolved).toBe(2);
    expect(loaded.bestOfK?.curves.map((curve) => curve.strategy)).toContain("verified");
  });
});
