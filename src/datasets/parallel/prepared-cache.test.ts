// The prepared-record cache changes nothing but speed: a warm worker build gives the bytes, logs and errors of a build
// without it, and a changed input, setting or damaged entry is prepared anew.
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../core/errors.js";
import { resultOf } from "../../testing/result-of.js";
import { projectRoot } from "../../util/paths.js";
import type { BuildDatasetOptions, BuildDatasetSummary } from "../build-dataset.js";
import { buildDataset } from "../build-dataset.js";
import { preparedCacheDir } from "./prepared-cache-settings.js";
import { SameBuild, type Built } from "./testing/same-build.js";

const samples = join(projectRoot(), "data", "samples");
let harness: SameBuild;
const saved = { TMPDIR: process.env.TMPDIR, ENTROPO_CACHE: process.env.ENTROPO_CACHE, ENTROPO_DATA_CACHE: process.env.ENTROPO_DATA_CACHE };
let bad = "";

beforeAll(async () => {
  delete process.env.ENTROPO_DATA_CACHE;
  harness = await SameBuild.create();
  const lines = (await readFile(join(samples, "trajectories.jsonl"), "utf8")).split("\n").filter((line) => line !== "");
  bad = join(harness.work, "bad.jsonl");
  await writeFile(bad, [...lines.slice(0, 3), "{not json", ...lines.slice(3)].join("\n") + "\n");
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (harness !== undefined) await rm(harness.work, { recursive: true, force: true });
});

type Options = Omit<BuildDatasetOptions, "outDir">;
const cacheOf = (built: Built): BuildDatasetSummary["cache"] => (resultOf(built.all, "data") as BuildDatasetSummary).cache;
const entries = async (): Promise<string[]> => (await readdir(preparedCacheDir()).catch(() => [] as string[])).sort();

/** Builds with one worker thread without the cache, then cold and warm with it; all three give the same bytes and logs. */
async function coldThenWarm(options: Options): Promise<{ cold: Built; warm: Built }> {
  const plain = await harness.build({ ...options, cache: false }, 1);
  expect(cacheOf(plain)).toBeUndefined();
  const cold = await harness.build(options, 1);
  const warm = await harness.build(options, 1);
  for (const built of [cold, warm]) {
    expect(built.file.equals(plain.file), `${options.kind} ${options.name}: dataset bytes differ`).toBe(true);
    expect(built.info).toBe(plain.info);
    expect(built.events).toEqual(plain.events);
  }
  return { cold, warm };
}

describe("prepared-record cache", () => {
  it("sft, dpo and kto: a warm build reuses every task and writes the bytes of a build without the cache", async () => {
    await rm(preparedCacheDir(), { recursive: true, force: true });
    const builds: Options[] = [
      { kind: "sft", inputs: harness.files("jsonl"), name: "sft", recipe: "authors" },
      { kind: "dpo", inputs: harness.labelled("jsonl"), name: "dpo", recipe: "authors" },
      { kind: "dpo", inputs: harness.files("jsonl"), name: "dpo_own" },
      { kind: "kto", inputs: [...harness.files("jsonl"), samples], name: "kto", dedup: true },
    ];
    for (const options of builds) {
      const { cold, warm } = await coldThenWarm(options);
      const tasks = (cacheOf(cold)?.misses ?? 0) + (cacheOf(cold)?.hits ?? 0);
      expect(tasks).toBeGreaterThan(50);
      expect(cacheOf(warm)).toEqual({ hits: tasks, misses: 0, bytesInPlace: 0 });
      expect(warm.all.some((event) => event.type === "log" && event.message === `prepared-record cache: ${tasks} of ${tasks} tasks reused`)).toBe(true);
    }
    expect((await entries()).some((name) => name.includes(".tmp-"))).toBe(false);
  });

  it("dpo and kto: large entries are read in place, not copied, even when the size bound removes them mid-build", async () => {
    await rm(preparedCacheDir(), { recursive: true, force: true });
    // Three renamed copies of runs-a (4.3 MB) in 4 MiB tasks: entries of over 1 MiB; runs-b's is smaller (copied).
    const lines = (await readFile(harness.inputs["runs-a.jsonl"] as string, "utf8")).split("\n").filter((line) => line !== "");
    const big = join(harness.work, "big.jsonl");
    await writeFile(big, [0, 1, 2].flatMap((copy) => lines.map((line) => line.replace(/"instance_id":"([^"]+)"/, `"instance_id":"$1-c${copy}"`))).join("\n") + "\n");
    const small = harness.inputs["runs-b.jsonl"] as string;
    const chunk = 1 << 22;
    const builds: Options[] = [
      { kind: "kto", inputs: [big, small], name: "big_kto" },
      { kind: "dpo", inputs: [`big=${big}`, `runs-b=${small}`], name: "big_dpo", recipe: "authors" },
    ];
    for (const options of builds) {
      const plain = await harness.build({ ...options, cache: false }, 1, chunk);
      const cold = await harness.build(options, 1, chunk);
      const tasks = cacheOf(cold)?.misses ?? 0;
      expect(tasks).toBe(3);
      expect(cacheOf(cold)).toEqual({ hits: 0, misses: tasks, bytesInPlace: 0 });
      const warm = await harness.build(options, 1, chunk);
      const inPlace = cacheOf(warm)?.bytesInPlace ?? 0;
      expect(inPlace).toBeGreaterThan(1 << 20);
      // The cache may hold nothing: the build's end removes every entry, before DPO pairs and KTO rows are written.
      process.env.ENTROPO_DATA_CACHE_MB = "0";
      let bounded: Built;
      try {
        bounded = await harness.build(options, 1, chunk);
      } finally {
        delete process.env.ENTROPO_DATA_CACHE_MB;
      }
      expect(cacheOf(bounded)).toEqual({ hits: tasks, misses: 0, bytesInPlace: inPlace });
      expect(await entries()).toEqual([]);
      for (const built of [cold, warm, bounded]) {
        expect(built.file.equals(plain.file), `${options.kind}: dataset bytes differ`).toBe(true);
        expect(built.events).toEqual(plain.events);
      }
      expect(await harness.leftovers()).toEqual([]);
    }
  });

  it("another kind or action format makes other keys; ENTROPO_DATA_CACHE=0 neither reads nor writes", async () => {
    const options: Options = { kind: "kto", inputs: [harness.inputs["runs-b.jsonl"] as string], name: "k" };
    await coldThenWarm(options);
    const r2e = await harness.build({ ...options, actionFormat: "r2e" }, 1);
    expect(cacheOf(r2e)?.hits).toBe(0);
    const sft = await harness.build({ ...options, kind: "sft" }, 1);
    expect(cacheOf(sft)?.hits).toBe(0);
    const before = await entries();
    process.env.ENTROPO_DATA_CACHE = "0";
    try {
      const off = await harness.build({ ...options, kind: "dpo" }, 1);
      expect(cacheOf(off)).toBeUndefined();
    } finally {
      delete process.env.ENTROPO_DATA_CACHE;
    }
    expect(await entries()).toEqual(before);
  });

  it("an input rewritten with other content of the same size is prepared anew (JSONL chunks and whole documents)", async () => {
    const rows = (await readFile(harness.inputs["runs-b.jsonl"] as string, "utf8")).split("\n").filter((line) => line !== "");
    const flip = (text: string): string => text.replace(/"reward":([01])/g, (_, value: string) => `"reward":${value === "1" ? "0" : "1"}`);
    const lines = join(harness.work, "flip.jsonl");
    const document = join(harness.work, "flip.json");
    for (const [file, content] of [[lines, rows.join("\n") + "\n"], [document, `[${rows.slice(0, 40).join(",")}]`]] as const) {
      await writeFile(file, content);
      const options: Options = { kind: "kto", inputs: [file], name: "flip" };
      const { warm } = await coldThenWarm(options);
      const before = await stat(file);
      await writeFile(file, flip(content));
      expect((await stat(file)).size).toBe(before.size);
      const plain = await harness.build({ ...options, cache: false }, 1);
      const changed = await harness.build(options, 1);
      expect(changed.file.equals(plain.file)).toBe(true);
      expect(changed.file.equals(warm.file)).toBe(false);
      expect(cacheOf(changed)?.hits).toBe(0);
    }
  });

  it("an entry stands alone: a DPO task cached after others that met its prompts carries their texts", async () => {
    const [a, b] = harness.files("jsonl");
    await harness.build({ kind: "dpo", inputs: [a as string, b as string], name: "both" }, 1);
    // Every task of `b` was cached after `a`'s tasks had met its prompts; now it is read alone, warm.
    const { cold } = await coldThenWarm({ kind: "dpo", inputs: [b as string], name: "alone" });
    expect(cacheOf(cold)?.misses).toBe(0);
    expect(JSON.parse(cold.file.toString("utf8")).length).toBeGreaterThan(5);
  });

  it("a truncated entry is a miss, rewritten, and the build is correct", async () => {
    await rm(preparedCacheDir(), { recursive: true, force: true });
    const options: Options = { kind: "dpo", inputs: harness.labelled("jsonl"), name: "cut", recipe: "authors" };
    const { cold } = await coldThenWarm(options);
    const names = await entries();
    for (const [index, name] of names.entries()) {
      const path = join(preparedCacheDir(), name);
      await truncate(path, index % 2 === 0 ? (await stat(path)).size - 1 : 10);
    }
    const damaged = await harness.build(options, 1);
    expect(damaged.file.equals(cold.file)).toBe(true);
    expect(cacheOf(damaged)).toEqual({ hits: 0, misses: names.length, bytesInPlace: 0 });
    expect(cacheOf(await harness.build(options, 1))).toEqual({ hits: names.length, misses: 0, bytesInPlace: 0 });
  });

  it("an entry with one byte changed inside is a miss (checksums), rewritten, and the build is correct", async () => {
    await rm(preparedCacheDir(), { recursive: true, force: true });
    const options: Options = { kind: "kto", inputs: harness.files("jsonl"), name: "flip", recipe: "authors" };
    const { cold } = await coldThenWarm(options);
    const names = await entries();
    for (const name of names) {
      const path = join(preparedCacheDir(), name);
      const bytes = await readFile(path);
      // A byte in the middle (row texts or items), its letter case flipped as a bit error would.
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] as number) ^ 0x20;
      await writeFile(path, bytes);
    }
    const damaged = await harness.build(options, 1);
    expect(damaged.file.equals(cold.file)).toBe(true);
    expect(cacheOf(damaged)).toEqual({ hits: 0, misses: names.length, bytesInPlace: 0 });
    expect(cacheOf(await harness.build(options, 1))).toEqual({ hits: names.length, misses: 0, bytesInPlace: 0 });
  });

  it("an invalid record: FILE:LINE after a warm cache, the same records skipped with --skip-invalid", async () => {
    // --skip-invalid is not part of the key: this warms the very tasks the failing builds read.
    await coldThenWarm({ kind: "sft", inputs: [samples, bad], name: "skip", skipInvalid: true });
    const messages: string[] = [];
    for (const cache of [false, true, true]) {
      const outDir = await mkdtemp(join(harness.work, "fail-"));
      const events = buildDataset({ kind: "sft", inputs: [samples, bad], name: "f", outDir, workers: 1, workerChunkBytes: 3000, cache });
      const error = await (async () => {
        for await (const event of events) void event;
      })().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputError);
      messages.push((error as InputError).message);
      expect(await readdir(outDir)).toEqual([]);
    }
    expect(messages[0]).toContain(`${bad}:4: invalid JSON`);
    expect(messages.slice(1)).toEqual([messages[0], messages[0]]);
    expect((await entries()).some((name) => name.includes(".tmp-"))).toBe(false);
  });

  it("stays under ENTROPO_DATA_CACHE_MB, dropping the least recently used entries", async () => {
    await rm(preparedCacheDir(), { recursive: true, force: true });
    process.env.ENTROPO_DATA_CACHE_MB = "0.05";
    try {
      await harness.build({ kind: "sft", inputs: harness.files("jsonl"), name: "cap" }, 1);
    } finally {
      delete process.env.ENTROPO_DATA_CACHE_MB;
    }
    const sizes = await Promise.all((await entries()).map(async (name) => (await stat(join(preparedCacheDir(), name))).size));
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(0.05 * 1024 * 1024);
  });
});
