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

describe("a torn last line (a rollout killed while appending)", () => {
  it("is named as such with the fix, not as plain invalid JSON; other invalid lines keep their error", async () => {
    const [resolved, failed] = (await readFile(rows, "utf8")).trim().split("\n");
    const file = join(await mkdtemp(join(tmpdir(), "entropo-run-torn-")), "trajectories.jsonl");
    const torn = (failed as string).slice(0, 40);
    await writeFile(file, `${resolved}\n${torn}`);
    const error = await collectAll(readRunRecords(file)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ exitCode: 2, line: 2, message: `${file}:2: the last line is incomplete (a rollout was interrupted while writing)` });
    expect((error as { hint: string }).hint).toContain("`entropo rollout` with the same --out repairs it");
    expect((error as { hint: string }).hint).toContain("delete line 2");
    // The same bytes followed by a newline, or followed by a valid line, are an ordinary invalid line.
    await writeFile(file, `${resolved}\n${torn}\n`);
    await expect(collectAll(readRunRecords(file))).rejects.toThrow(/:2: .*invalid JSON/);
    await writeFile(file, `${torn}\n${resolved}`);
    await expect(collectAll(readRunRecords(file))).rejects.toThrow(/:1: .*invalid JSON/);
  });
});
