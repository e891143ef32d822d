import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isResultOf } from "../core/events.js";
import { dockerTestSetup } from "../sandbox/testing/docker-test-setup.js";
import { builtinBenchmarkDir, loadTasks } from "../tasks/load-tasks.js";
import { makeRun, record } from "./testing/run-files.js";
import { selectRuns } from "./select-runs.js";
import { verifyRuns } from "./verify-runs.js";
import type { VerifyRunsResult } from "./verify-runs.js";

const runId = `selection-regression-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping regression-signal tests: ${setup.skip}`);

const gold = await readFile(join(builtinBenchmarkDir(), "csv-quotes", "gold.patch"), "utf8");
// Makes split_row a plain str.split: the PASS_TO_PASS test `'"",x' -> ["", "x"]` then fails.
const breaking = [
  "diff --git a/rowsplit/split.py b/rowsplit/split.py",
  "--- a/rowsplit/split.py",
  "+++ b/rowsplit/split.py",
  "@@ -5,3 +5,4 @@ def split_row(line, delimiter=\",\"):",
  '     """Split one CSV line into fields; quoted fields may contain delimiters and doubled quotes."""',
  "+    return line.split(delimiter)",
  "     fields = []",
  "     field = []",
  "",
].join("\n");
const unappliable = breaking.replace("     fields = []", "     rows = []");
// What `git diff` without --binary recorded after the agent ran the tests: bytecode and a pickle, without their data.
const junk = [
  "diff --git a/rowsplit/__pycache__/split.cpython-311.pyc b/rowsplit/__pycache__/split.cpython-311.pyc",
  "new file mode 100644",
  "index 0000000..5c3b2a1",
  "Binary files /dev/null and b/rowsplit/__pycache__/split.cpython-311.pyc differ",
  "diff --git a/cache.pkl b/cache.pkl",
  "new file mode 100644",
  "index 0000000..9d1e0f2",
  "Binary files /dev/null and b/cache.pkl differ",
  "",
].join("\n");

describe.skipIf("skip" in setup)("regression signal in real Docker sandboxes (built-in task csv-quotes)", () => {
  it("stores regression_passed per candidate patch: gold passes, a breaking or unappliable patch fails", async () => {
    if ("skip" in setup) return;
    const tasks = new Map((await loadTasks(join(builtinBenchmarkDir(), "csv-quotes"))).map((task) => [task.id, task]));
    const dir = await makeRun([
      record({ instance_id: "csv-quotes", rollout_index: 0, output_patch: gold }),
      record({ instance_id: "csv-quotes", rollout_index: 1, output_patch: breaking }),
      record({ instance_id: "csv-quotes", rollout_index: 2, output_patch: unappliable }),
      record({ instance_id: "no-such-task", rollout_index: 0 }),
      record({ instance_id: "csv-quotes", rollout_index: 3, regression_passed: true }),
    ]);
    let result: VerifyRunsResult | undefined;
    for await (const event of verifyRuns({ runs: [dir], regression: { tasks, factory: setup.factory, runId, patchMode: "raw", timeoutSeconds: 120, concurrency: 2 } })) {
      if (isResultOf(event, "verify")) result = event.data;
    }
    expect(result?.files[0]).toMatchObject({ scored: 3, failed: 1, skipped: 1 });
    const stored = (await readFile(join(dir, "trajectories.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(stored.map((r) => r.regression_passed ?? null)).toEqual([true, false, false, null, true]);
    expect(stored[1]?.regression_test_output).toMatch(/FAILED|failed/);
    expect(stored[2]?.regression_test_output).toMatch(/^git apply failed/);
    expect(setup.factory.alive()).toBe(0);
  });

  it("verify --patch raw passes a correct fix whose raw diff holds data-less binary entries, and select --patch raw picks it", async () => {
    if ("skip" in setup) return;
    const tasks = new Map((await loadTasks(join(builtinBenchmarkDir(), "csv-quotes"))).map((task) => [task.id, task]));
    const dir = await makeRun([
      record({ instance_id: "csv-quotes", rollout_index: 0, steps: 5, output_patch: gold + junk }),
      record({ instance_id: "csv-quotes", rollout_index: 1, steps: 2, output_patch: "" }),
    ]);
    for await (const event of verifyRuns({ runs: [dir], regression: { tasks, factory: setup.factory, runId, patchMode: "raw", timeoutSeconds: 120, concurrency: 2 } })) void event;
    const stored = (await readFile(join(dir, "trajectories.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(stored.map((r) => r.regression_passed)).toEqual([true, true]);
    const out = join(dir, "predictions.jsonl");
    for await (const event of selectRuns({ runs: [dir], strategy: "verified", out, patchMode: "raw", bestOfKTrials: 0 })) void event;
    const chosen = JSON.parse((await readFile(out, "utf8")).trim()) as { rollout_index: number; model_patch: string };
    expect(chosen.rollout_index).toBe(0);
    expect(chosen.model_patch).toBe(gold);
  });
});
