// One rule for a rollout recorded twice, whoever reads the run: select, report, predictions, verify and the resume of a
// rollout run all stop with the same error naming the file, both lines and the field.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../reports/build-report.js";
import { writePredictions } from "../rollouts/predictions.js";
import { loadRuns } from "../selection/load-runs.js";
import { scoreFile } from "../selection/score-file.js";
import { makeRun, record } from "../selection/testing/run-files.js";
import { collectAll } from "../testing/collect.js";
import { readRunRecords } from "./trajectories.js";
import { completedRolloutKeys } from "./trajectory-writer.js";

/** A run whose third line repeats the first line's rollout. */
async function runWithDuplicate(): Promise<{ dir: string; file: string }> {
  const dir = await makeRun([record({ instance_id: "a", rollout_index: 0 }), record({ instance_id: "a", rollout_index: 1 }), record({ instance_id: "a", rollout_index: 0, reward: 1 })]);
  await writeFile(join(dir, "run.json"), JSON.stringify({ model: "m", stage: "s", benchmark: "b", run_index: 0 }));
  return { dir, file: join(dir, "trajectories.jsonl") };
}

describe("a rollout recorded twice", () => {
  it("stops every reader with the same error naming the file, both lines and the field", async () => {
    const { dir, file } = await runWithDuplicate();
    const expected = `${file}:3: field rollout_index: rollout a#0 is recorded twice (first on line 1)`;
    const readers: [string, () => Promise<unknown>][] = [
      ["run records", () => collectAll(readRunRecords(file))],
      ["select", () => loadRuns([dir])],
      ["report", () => collectAll(buildReport({ runs: [dir], outDir: join(dir, "report") }))],
      ["predictions", () => collectAll(writePredictions({ runs: [dir], out: join(dir, "p.jsonl") }))],
      ["verify", () => collectAll(scoreFile({ file, signalName: "verifier", needsScore: () => true, score: () => Promise.resolve({}) }))],
      ["rollout resume", () => completedRolloutKeys(file)],
    ];
    for (const [reader, read] of readers) {
      const error = await read().then(
        () => new Error("no error"),
        (caught: unknown) => caught as Error,
      );
      expect(error.message, reader).toBe(expected);
    }
  });

  it("rows that state no rollout_index (other scaffolds' exports) are numbered, not duplicates", async () => {
    const unnumbered = { instance_id: "a", trajectory_steps: [], output_patch: "" };
    const dir = await makeRun([unnumbered, unnumbered]);
    const records = await collectAll(readRunRecords(join(dir, "trajectories.jsonl")));
    expect(records.map((entry) => entry.record.rollout_index)).toEqual([0, 1]);
  });
});
