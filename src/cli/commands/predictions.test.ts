// `entropo predictions --runs` takes several run directories or trajectories files, as `select` and `verify` do: their
// tasks are pooled, and a rollout found in two inputs is the duplicate rule's error naming both places.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRun, record } from "../../selection/testing/run-files.js";
import { runCliInProcess } from "../../testing/run-cli.js";

type Prediction = { instance_id: string; model_name_or_path: string; model_patch: string };

/** Runs `entropo predictions ARGS --json`; the predictions written to OUT, or the CLI's output when it failed. */
async function predictions(args: string[], out: string): Promise<{ code: number; output: string; rows: Prediction[] }> {
  const run = await runCliInProcess(["predictions", ...args, "--out", out, "--json"]);
  const rows = run.code === 0 ? (await readFile(out, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Prediction) : [];
  return { code: run.code, output: run.stdout + run.stderr, rows };
}

describe("entropo predictions --runs", () => {
  it("pools the tasks of several inputs: a run directory and a trajectories file", async () => {
    const shard1 = await makeRun([record({ instance_id: "a", rollout_index: 0 }), record({ instance_id: "a", rollout_index: 1 }), record({ instance_id: "b", rollout_index: 1 })]);
    const shard2 = await makeRun([record({ instance_id: "c", rollout_index: 1 }), record({ instance_id: "c", rollout_index: 0 })]);
    const out = join(shard1, "preds.jsonl");
    const result = await predictions(["--runs", shard1, join(shard2, "trajectories.jsonl"), "--rollout-index", "1"], out);
    expect(result.code, result.output).toBe(0);
    expect(result.rows.map((row) => row.instance_id)).toEqual(["a", "b", "c"]);
    expect(result.rows.map((row) => row.model_patch.includes(`+fixed ${row.instance_id}`) && !row.model_patch.includes("reproduce_issue.py"))).toEqual([true, true, true]);
  });

  it("keeps its behaviour for one run directory", async () => {
    const run = await makeRun([record({ instance_id: "a", rollout_index: 0 }), record({ instance_id: "b", rollout_index: 1 })]);
    const result = await predictions(["--runs", run], join(run, "preds.jsonl"));
    expect(result.code, result.output).toBe(0);
    expect(result.rows.map((row) => [row.instance_id, row.model_name_or_path])).toEqual([["a", "policy-model"]]);
    expect(result.output).toContain("1 task(s) have no rollout 0 and get no prediction: b");
  });

  it("refuses a rollout found in two inputs, naming the file, the line and the earlier file and line", async () => {
    const first = await makeRun([record({ instance_id: "a", rollout_index: 0 }), record({ instance_id: "b", rollout_index: 0 })]);
    const second = await makeRun([record({ instance_id: "c", rollout_index: 0 }), record({ instance_id: "b", rollout_index: 0 })]);
    const out = join(first, "preds.jsonl");
    await writeFile(out, "kept\n");
    const result = await predictions(["--runs", first, second], out);
    expect(result.code).toBe(2);
    expect(result.output).toContain(`${join(second, "trajectories.jsonl")}:2: field rollout_index: rollout b#0 is recorded twice (first on ${join(first, "trajectories.jsonl")}:2)`);
    expect(result.output).toContain("the inputs overlap");
    expect(await readFile(out, "utf8")).toBe("kept\n");
  });
});
