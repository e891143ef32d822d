// DPO pairing scope: across all inputs (instance), within one labelled input source, or within one model.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { seededRandom } from "../util/seeded-random.js";
import { buildDataset, type BuildDatasetOptions } from "./build-dataset.js";

type Rollout = { [key: string]: unknown; model: string };

/** Sorted JSON texts of the rows `entropo data dpo` writes for these options. */
async function pairs(inputs: string[], extra: Partial<BuildDatasetOptions> = {}): Promise<string[]> {
  const outDir = await mkdtemp(join(tmpdir(), "entropo-scope-"));
  try {
    for await (const event of buildDataset({ kind: "dpo", inputs, outDir, name: "d", ...extra })) void event;
    return (JSON.parse(await readFile(join(outDir, "d.json"), "utf8")) as unknown[]).map((row) => JSON.stringify(row)).sort();
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

describe("--pair-scope", () => {
  const files: Partial<Record<"a" | "b" | "teacher" | "student", string>> = {};
  let work = "";

  /** Writes records to a JSONL file in the work folder. */
  async function write(name: string, records: Rollout[]): Promise<string> {
    const file = join(work, name);
    await writeFile(file, records.map((record) => JSON.stringify(record)).join("\n") + "\n");
    return file;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "entropo-scope-in-"));
    const originals = (await readFile(join(projectRoot(), "data", "samples", "trajectories.jsonl"), "utf8")).split("\n").filter((line) => line !== "");
    const random = seededRandom("pair-scope");
    const records: Rollout[] = [];
    for (let copy = 0; copy < 48; copy += 1) {
      const record = JSON.parse(originals[copy % originals.length] as string) as Rollout;
      records.push({ ...record, rollout_index: copy, reward: random() < 0.5 ? 1 : 0, model: copy % 3 === 0 ? "teacher" : "student" });
    }
    files.a = await write("a.jsonl", records.filter((_, index) => index % 2 === 0));
    files.b = await write("b.jsonl", records.filter((_, index) => index % 2 === 1));
    files.teacher = await write("teacher.jsonl", records.filter((record) => record.model === "teacher"));
    files.student = await write("student.jsonl", records.filter((record) => record.model === "student"));
  });

  afterAll(async () => {
    if (work !== "") await rm(work, { recursive: true, force: true });
  });

  it("instance (default) pairs across inputs; source pairs only within one labelled input", async () => {
    const [a, b] = [files.a as string, files.b as string];
    const across = await pairs([a, b]);
    const within = await pairs([`A=${a}`, `B=${b}`], { pairScope: "source" });
    expect(within).toEqual([...(await pairs([a])), ...(await pairs([b]))].sort());
    expect(within.length).toBeGreaterThan(0);
    expect(within.length).toBeLessThan(across.length);
    // Inputs sharing a label are one source; unlabelled inputs are each their own source.
    expect(await pairs([`S=${a}`, `S=${b}`], { pairScope: "source" })).toEqual(across);
    expect(await pairs([a, b], { pairScope: "source" })).toEqual(within);
  });

  it("model pairs only trajectories of one model", async () => {
    const [a, b] = [files.a as string, files.b as string];
    const byModel = await pairs([a, b], { pairScope: "model" });
    expect(byModel).toEqual([...(await pairs([files.teacher as string])), ...(await pairs([files.student as string]))].sort());
    expect(byModel.length).toBeLessThan((await pairs([a, b])).length);
  });

  it("lastPerInstancePerFile keeps only each file's last trajectory of an instance", async () => {
    const a = files.a as string;
    const last = await pairs([a], { lastPerInstancePerFile: true });
    // The samples hold two tasks: one trajectory per task and file remains, so no pair within one file.
    expect(last).toEqual([]);
    expect((await pairs([a])).length).toBeGreaterThan(0);
  });
});
