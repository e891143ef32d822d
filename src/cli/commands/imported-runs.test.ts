// `entropo select`, `predictions` and `report` on runs made from other scaffolds' trajectories (every shape `entropo
// data` reads), and on records without the R2E fields these commands do not need.
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../util/paths.js";
import { runCliInProcess } from "../../testing/run-cli.js";

const fixtures = join(projectRoot(), "src", "trajectories", "testing", "fixtures");

type Prediction = { instance_id: string; model_name_or_path: string; model_patch: string };

/** `entropo data records` into RUN/trajectories.jsonl, plus a run.json for the report. */
async function importRun(inputs: string[], extra: string[] = []): Promise<string> {
  const run = await mkdtemp(join(tmpdir(), "entropo-imported-run-"));
  const built = await runCliInProcess(["data", "records", "--input", ...inputs, "--out", run, "--name", "trajectories", "--json", ...extra]);
  expect(built.code, built.stdout + built.stderr).toBe(0);
  await writeFile(join(run, "run.json"), JSON.stringify({ model: "imported", stage: "other-scaffold", benchmark: "swe-bench-lite", run_index: 0 }));
  return run;
}

async function selectRun(run: string, strategy = "lite"): Promise<Prediction[]> {
  const out = join(run, "preds.jsonl");
  const selected = await runCliInProcess(["select", "--runs", run, "--strategy", strategy, "--out", out, "--trials", "0", "--patch", "raw", "--json"]);
  expect(selected.code, selected.stdout + selected.stderr).toBe(0);
  return (await readFile(out, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Prediction);
}

async function reportRun(run: string): Promise<void> {
  const report = await runCliInProcess(["report", "--runs", run, "--out", join(run, "report"), "--json"]);
  expect(report.code, report.stdout + report.stderr).toBe(0);
}

describe("select and report on records made from each imported format", () => {
  const cases: [string, string[], string, string][] = [
    ["OpenAI tool_calls rows (SWE-smith)", ["swe-smith-tool-rows.jsonl"], "textkit__slug.1f2e3d4c.lm_modify__trailing", "diff --git a/textkit/slug.py"],
    ["OpenAI rows with tools (OpenHands export)", ["openai-tool-rows.jsonl"], "textkit__textkit-17", "diff --git a/textkit/wrap.py"],
    ["SWE-agent 1.x .traj", ["statskit__statskit-42.traj"], "statskit__statskit-42", "diff --git a/statskit/core.py"],
    ["mini-swe-agent .traj.json", ["statskit__statskit-42.v1.traj.json", "statskit__statskit-42.v2.traj.json"], "statskit__statskit-42", "diff --git a/statskit/core.py"],
    ["OpenHands evaluation output", ["openhands-output.jsonl"], "statskit__statskit-42", "diff --git a/statskit/core.py"],
  ];
  for (const [label, files, instance, patch] of cases) {
    it(label, async () => {
      const run = await importRun(files.map((file) => join(fixtures, file)));
      const lines = (await readFile(join(run, "trajectories.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { rollout_index: number });
      // One file per rollout carries no index: repeated ones get the next free index, so no rollout is lost.
      expect(lines.map((line) => line.rollout_index)).toEqual(lines.map((_, index) => index));
      // lite keeps finished candidates (a submit/finish call) and takes the shortest: the submitted rollout.
      const [prediction] = await selectRun(run);
      expect(prediction?.instance_id).toBe(instance);
      expect(prediction?.model_patch.startsWith(patch)).toBe(true);
      await reportRun(run);
    });
  }
});

describe("fields an operation does not need are optional", () => {
  it("records whose steps lack step_count, step_idx and done are selected, predicted and reported", async () => {
    const run = await mkdtemp(join(tmpdir(), "entropo-lean-run-"));
    const patch = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x\n+y\n";
    const lean = (rollout: number, steps: number): string =>
      JSON.stringify({
        instance_id: "repo__pkg-1",
        rollout_index: rollout,
        reward: rollout === 0 ? 1 : 0,
        output_patch: patch,
        trajectory_steps: Array.from({ length: steps }, (_, index) => ({ thought: "t", action: index === steps - 1 ? "<function=finish>\n</function>" : "<function=execute_bash>\n  <parameter=cmd>ls</parameter>\n</function>", observation: "o" })),
      });
    await writeFile(join(run, "trajectories.jsonl"), `${lean(0, 3)}\n${lean(1, 2)}\n`);
    await writeFile(join(run, "run.json"), JSON.stringify({ model: "m", stage: "s", benchmark: "swe-bench-lite", run_index: 0 }));
    const selection = await runCliInProcess(["select", "--runs", run, "--strategy", "verified", "--out", join(run, "p.jsonl"), "--trials", "0", "--json"]);
    expect(selection.code, selection.stdout + selection.stderr).toBe(0);
    // verified takes the most steps: the number of steps is the length of trajectory_steps.
    const summary = JSON.parse(await readFile(join(run, "selection.json"), "utf8")) as { selections?: { rollout_index: number }[] } & Record<string, unknown>;
    expect(JSON.stringify(summary)).toContain('"rollout_index":0');
    const predictions = await runCliInProcess(["predictions", "--runs", run, "--out", join(run, "preds.json"), "--patch", "raw", "--json"]);
    expect(predictions.code, predictions.stdout + predictions.stderr).toBe(0);
    await reportRun(run);
  });

  it("a run file that is itself another scaffold's output is read as `entropo data` reads it", async () => {
    const run = await mkdtemp(join(tmpdir(), "entropo-raw-run-"));
    await mkdir(run, { recursive: true });
    await writeFile(join(run, "trajectories.jsonl"), await readFile(join(fixtures, "swe-smith-tool-rows.jsonl"), "utf8"));
    const [prediction] = await selectRun(run, "oracle");
    expect(prediction?.model_patch).toContain('+    return text.strip("-")');
  });

  it("bad input still fails with FILE:LINE and the field", async () => {
    const run = await mkdtemp(join(tmpdir(), "entropo-bad-run-"));
    await writeFile(join(run, "trajectories.jsonl"), `${JSON.stringify({ instance_id: "a", trajectory_steps: [{ action: 3 }] })}\n`);
    const selected = await runCliInProcess(["select", "--runs", run, "--strategy", "lite", "--out", join(run, "p.jsonl")]);
    expect(selected.code).toBe(2);
    expect(selected.stderr + selected.stdout).toContain(`${join(run, "trajectories.jsonl")}:1: field trajectory_steps.0.action`);
  });
});
