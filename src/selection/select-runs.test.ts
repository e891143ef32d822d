import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { CancelledError, InputError } from "../core/errors.js";
import { selectRuns } from "./select-runs.js";
import type { SelectRunsOptions, SelectRunsResult } from "./select-runs.js";
import { makeRun, record } from "./testing/run-files.js";
import { collectAll } from "../testing/collect.js";

const collect = (options: SelectRunsOptions): Promise<PipelineEvent[]> => collectAll(selectRuns(options));

// Instance a: rollout 1 is the hybrid's pick (finished, passes filters, most steps) and resolved.
// Instance b: only rollout 0 is resolved, but the verifier filter removes it (0.01 is not > 0.01).
const records = [
  record({ instance_id: "a", rollout_index: 0, reward: 0, finished: false, steps: 9 }),
  record({ instance_id: "a", rollout_index: 1, reward: 1, finished: true, steps: 5, verifier_prob: 0.6 }),
  record({ instance_id: "a", rollout_index: 2, reward: 0, finished: true, steps: 3, regression_passed: false }),
  record({ instance_id: "b", rollout_index: 0, reward: 1, finished: true, steps: 4, verifier_prob: 0.01 }),
  record({ instance_id: "b", rollout_index: 1, reward: 0, finished: true, steps: 2, verifier_prob: 0.2 }),
  record({ instance_id: "b", rollout_index: 2, reward: 0, finished: true, steps: 6, verifier_prob: 0.4 }),
];

describe("selectRuns", () => {
  it("writes predictions, selection.json and best-of-k.json and ends with the summary", async () => {
    const run = await makeRun(records);
    const out = join(run, "predictions.jsonl");
    const events = await collect({ runs: [run], strategy: "verified", out, bestOfKTrials: 50 });
    const result = events.at(-1);
    expect(result).toMatchObject({ type: "result", command: "select" });
    const summary = (result as { data: SelectRunsResult }).data;
    expect(summary).toMatchObject({ instances: 2, resolved: 1, passN: 1, removedByFilter: { finished: 1, regression: 1, reproduction: 0, verifier: 1 } });
    // slots: rollout 0 resolves 1/2, rollout 1 1/2, rollout 2 0/2 → mean 1/3, sample std sqrt(((1/6)^2*2 + (1/3)^2)/2)
    expect(summary.pass1Mean).toBeCloseTo(1 / 3, 12);
    expect(summary.pass1Std).toBeCloseTo(Math.sqrt((2 * (1 / 6) ** 2 + (1 / 3) ** 2) / 2), 12);
    const predictions = (await readFile(out, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(predictions.map((p) => [p.instance_id, p.rollout_index])).toEqual([["a", 1], ["b", 2]]);
    expect(predictions[0]).toMatchObject({ model_name_or_path: "policy-model" });
    expect(predictions[0]?.model_patch).toContain("+fixed a");
    expect(predictions[0]?.model_patch).not.toContain("reproduce_issue.py");
    const selection = JSON.parse(await readFile(join(run, "selection.json"), "utf8")) as { picks: { instance_id: string; rollout_index: number }[]; strategy: string };
    expect(selection.strategy).toBe("verified");
    expect(selection.picks.map((p) => p.rollout_index)).toEqual([1, 2]);
    const bestOfK = JSON.parse(await readFile(join(run, "best-of-k.json"), "utf8")) as { n: number; curves: { strategy: string; points: { k: number; rate: number }[] }[] };
    expect(bestOfK.n).toBe(3);
    expect(bestOfK.curves.find((c) => c.strategy === "oracle")?.points.at(-1)?.rate).toBe(100);
    expect(events.filter((e) => e.type === "artifact").map((e) => (e as { kind: string }).kind)).toEqual(["predictions", "selection", "best-of-k"]);
  });

  it("keeps the raw output patch with patchMode raw and merges runs with the lowest rollout index first", async () => {
    const first = await makeRun([record({ instance_id: "a", rollout_index: 0, reward: 0, steps: 2 })]);
    const second = await makeRun([record({ instance_id: "a", rollout_index: 0, reward: 1, steps: 2 })]);
    const out = join(first, "out", "preds.jsonl");
    await collect({ runs: [first, second], strategy: "oracle", out, patchMode: "raw", bestOfKTrials: 0, modelName: "m" });
    const selection = JSON.parse(await readFile(join(first, "out", "selection.json"), "utf8")) as { picks: { run: string; candidates: number }[] };
    expect(selection.picks[0]).toMatchObject({ run: second, candidates: 2 });
    const prediction = JSON.parse((await readFile(out, "utf8")).trim()) as Record<string, string>;
    expect(prediction.model_patch).toContain("reproduce_issue.py");
    expect(prediction.model_name_or_path).toBe("m");
  });

  it("names the file, line and field of a bad record", async () => {
    const run = await makeRun([record({ instance_id: "a", rollout_index: 0 }), { ...record({ instance_id: "b", rollout_index: 0 }), verifier_prob: "high" }]);
    const failure = collect({ runs: [run], strategy: "verified", out: join(run, "p.jsonl") });
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(new RegExp(`trajectories.jsonl:2: field verifier_prob`));
  });

  it("rejects bad option values naming the option, the expectation and the value", async () => {
    const run = await makeRun(records);
    await expect(collect({ runs: [run], strategy: "verified", out: join(run, "p.jsonl"), verifierThreshold: 2 })).rejects.toThrow(
      /option --threshold expects a number in \[0, 1\], received 2/,
    );
    await expect(collect({ runs: [join(run, "missing")], strategy: "verified", out: join(run, "p.jsonl") })).rejects.toThrow(/does not exist/);
  });

  it("stops with CancelledError when the signal is aborted", async () => {
    const run = await makeRun(records);
    const controller = new AbortController();
    controller.abort();
    await expect(collect({ runs: [run], strategy: "verified", out: join(run, "p.jsonl"), signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("formatSummary", () => {
  it("prints resolved, pass@1 and pass@N as percentages and the filter counts", async () => {
    const { formatSummary } = await import("./summary.js");
    const line = formatSummary({
      strategy: "verified",
      instances: 4,
      resolved: 3,
      resolveRate: 0.75,
      pass1Mean: 0.5,
      pass1Std: 0.125,
      passN: 1,
      rolloutsPerInstance: { min: 16, max: 16 },
      removedByFilter: { finished: 2, verifier: 0 },
      fallbacks: { verifier: 1 },
    });
    expect(line).toBe("verified: resolved 3/4 (75.0%); pass@1 50.0 ± 12.5%; pass@16 100.0%; removed: finished 2, verifier 0; fallbacks: verifier 1");
  });
});
