import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { projectRoot, sharedDataDir } from "../util/paths.js";
import { buildDataset } from "../datasets/build-dataset.js";
import { collectAll } from "../testing/collect.js";
import { resultOf } from "../testing/result-of.js";
import { readTrajectories } from "./read-trajectories.js";
import { loadRewards } from "./rewards.js";

const collection = join(projectRoot(), "src", "trajectories", "testing", "r2e-collection");
const summaryFile = join(collection, "collection_summary.json");
const r2eDir = join(sharedDataDir(), "r2e-trajectories");
const haveR2e = existsSync(join(r2eDir, "collection_summary.json"));
if (!haveR2e) console.log(`skipping the real collection_summary test: ${r2eDir} is absent`);

describe("R2E collection_summary.json as collection runs write it", () => {
  it("--rewards: entries with error/traceback and no reward are skipped and counted, never fatal", async () => {
    const rewards = await loadRewards(summaryFile);
    expect(rewards.skippedEntries).toBe(2);
    // trajectory_file is an absolute path from the collecting machine: matched by its base name.
    const items = await collectAll(readTrajectories([collection], { rewards: summaryFile }));
    expect(items.map((item) => [item.record.instance_id, item.record.reward])).toEqual([
      ["colorkit_4c1d9e2a", 1],
      ["colorkit_9f0e7b13", 0],
    ]);
  });

  it("the build's summary line counts the skipped error entries", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "entropo-summary-"));
    const events: PipelineEvent[] = [];
    for await (const event of buildDataset({ kind: "kto", inputs: [collection], rewards: summaryFile, outDir, name: "k" })) events.push(event);
    const summary = resultOf(events, "data");
    expect([summary.rows, summary.rewardErrorEntries]).toEqual([2, 2]);
    const lines = events.flatMap((event) => (event.type === "log" ? [event.message] : []));
    expect(lines).toContain("kto: 2 rows from 2 trajectories, 2 collection_summary entries without a reward (errors) skipped");
  });

  it("as --input, the summary reads the files it lists: a missing absolute path is found by its base name beside it", async () => {
    const items = await collectAll(readTrajectories([summaryFile]));
    expect(items.map((item) => [item.file, item.record.reward])).toEqual([
      [join(collection, "trajectory_colorkit_4c1d9e2a.json"), 1],
      [join(collection, "trajectory_colorkit_9f0e7b13.json"), 0],
    ]);
  });

  it("a listed file found nowhere names the summary entry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entropo-summary-"));
    const summary = JSON.parse(await readFile(summaryFile, "utf8")) as { results: { trajectory_file?: string }[] };
    await copyFile(join(collection, "trajectory_colorkit_4c1d9e2a.json"), join(dir, "trajectory_colorkit_4c1d9e2a.json"));
    await writeFile(join(dir, "collection_summary.json"), JSON.stringify(summary));
    await expect(collectAll(readTrajectories([join(dir, "collection_summary.json")]))).rejects.toThrow(
      `${join(dir, "collection_summary.json")}: field results.2.trajectory_file: trajectory file not found (also looked for ${join(dir, "trajectory_colorkit_9f0e7b13.json")})`,
    );
  });

  it.runIf(haveR2e)("the shared real trajectories, listed with absolute paths of another machine and error entries, keep passing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entropo-real-summary-"));
    const real = JSON.parse(await readFile(join(r2eDir, "collection_summary.json"), "utf8")) as { results: { trajectory_file: string }[] };
    const results: unknown[] = real.results.map((entry) => ({ ...entry, trajectory_file: `/mnt/r2e/collected_data/${entry.trajectory_file}` }));
    results.splice(3, 0, { instance_id: "pandas_broken", error: "Docker build failed", traceback: "Traceback (most recent call last):\n  ...", start_time: "2026-02-11T19:00:00" });
    await writeFile(join(dir, "collection_summary.json"), JSON.stringify({ ...real, results }));
    for (const name of (await readdir(r2eDir)).filter((one) => one.startsWith("trajectory_"))) await symlink(join(r2eDir, name), join(dir, name));
    const items = await collectAll(readTrajectories([join(dir, "collection_summary.json")]));
    expect(items).toHaveLength(18);
    expect(items.filter((item) => item.record.reward === 1).map((item) => item.record.instance_id).sort()).toEqual(["orange3_2d9617bd", "orange3_74ffccc1"]);
    expect((await loadRewards(join(dir, "collection_summary.json"))).skippedEntries).toBe(1);
  });
});
