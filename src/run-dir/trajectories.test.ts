import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { collectAll } from "../testing/collect.js";
import { rawFinished, readRunRecords } from "./trajectories.js";

const rows = join(projectRoot(), "src", "trajectories", "testing", "fixtures", "swe-smith-tool-rows.jsonl");

describe("run files of other shapes", () => {
  it("keep the scores entropo verify writes onto them, and number rollouts that state no index", async () => {
    const [resolved, failed] = (await readFile(rows, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const file = join(await mkdtemp(join(tmpdir(), "entropo-run-records-")), "trajectories.jsonl");
    await writeFile(file, `${JSON.stringify({ ...resolved, verifier_prob: 0.75, regression_passed: true })}\n${JSON.stringify({ ...failed, finished: false })}\n`);
    const entries = await collectAll(readRunRecords(file));
    expect(entries.map((entry) => [entry.record.rollout_index, entry.record.verifier_prob, entry.record.regression_passed, rawFinished(entry)])).toEqual([
      [0, 0.75, true, true],
      [1, null, null, false],
    ]);
    await writeFile(file, `${JSON.stringify({ ...resolved, verifier_prob: "high" })}\n`);
    await expect(collectAll(readRunRecords(file))).rejects.toThrow(`${file}:1: field verifier_prob`);
  });
});
