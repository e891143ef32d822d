// Worker threads on parquet inputs (python tier: the venv's `datasets` writes the parquet files): the serial loop's
// bytes, also replayed from the prepared-record cache.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultOf } from "../../testing/result-of.js";
import type { BuildDatasetSummary } from "../build-dataset.js";
import { writeParquet } from "../testing/authors-scripts.js";
import { SameBuild } from "./testing/same-build.js";

let harness: SameBuild;
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  harness = await SameBuild.create();
  await writeParquet(harness.parquetPairs, join(harness.work, "hf-cache"));
});

afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  if (harness !== undefined) await rm(harness.work, { recursive: true, force: true });
});

describe("entropo data with worker threads on parquet equals the serial build", () => {
  it("parquet: row groups of one file and several files, all kinds", async () => {
    const parquet = harness.files("parquet");
    await harness.expectSame({ kind: "sft", inputs: [harness.inputs["runs-a.parquet"] as string], name: "p_sft", recipe: "authors" });
    await harness.expectSame({ kind: "dpo", inputs: harness.labelled("parquet"), name: "p_dpo", recipe: "authors" });
    await harness.expectSame({ kind: "kto", inputs: parquet, name: "p_kto", recipe: "authors" });
    // The same rows from parquet and from JSONL give the same dataset.
    const fromJsonl = await harness.build({ kind: "kto", inputs: harness.files("jsonl"), name: "p_kto", recipe: "authors" }, 2);
    const fromParquet = await harness.build({ kind: "kto", inputs: parquet, name: "p_kto", recipe: "authors" }, 2);
    expect(fromParquet.file.equals(fromJsonl.file)).toBe(true);
  });

  it("parquet row groups replay from the prepared-record cache with the same bytes", async () => {
    const options = { kind: "dpo" as const, inputs: harness.labelled("parquet"), name: "p_cache", recipe: "authors" as const };
    const plain = await harness.build({ ...options, cache: false }, 1);
    const cold = await harness.build(options, 1);
    const warm = await harness.build(options, 1);
    const counts = (built: typeof warm): unknown => (resultOf(built.all, "data") as BuildDatasetSummary).cache;
    // The build above (two workers) cached the same row groups already: cold may hit too.
    const { hits, misses } = counts(cold) as { hits: number; misses: number };
    const tasks = hits + misses;
    expect(tasks).toBeGreaterThan(4);
    expect(counts(warm)).toMatchObject({ hits: tasks, misses: 0 });
    for (const built of [cold, warm]) {
      expect(built.file.equals(plain.file)).toBe(true);
      expect(built.events).toEqual(plain.events);
    }
  });
});
