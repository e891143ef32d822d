// Worker threads change nothing but speed: the same bytes, summary, logs and errors as the serial loop, on every path
// (parquet inputs: parallel-build.python.test.ts, as pyarrow/datasets write them).
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError, InputError } from "../../core/errors.js";
import { projectRoot } from "../../util/paths.js";
import { buildDataset, type BuildDatasetOptions } from "../build-dataset.js";
import { workerCount } from "./read-in-parallel.js";
import { runningWorkerThreads } from "./worker-pool.js";
import { SameBuild, type Built } from "./testing/same-build.js";

const samples = join(projectRoot(), "data", "samples");
const fixtures = join(projectRoot(), "src", "trajectories", "testing", "fixtures");
let harness: SameBuild;
const savedTmp = process.env.TMPDIR;
let inputs: Record<string, string> = {};
let work = "";

beforeAll(async () => {
  harness = await SameBuild.create();
  work = harness.work;
  inputs = harness.inputs;
  // CRLF line ends, blank lines, a JSON syntax error and a record with a bad field in the middle of the file.
  const lines = (await readFile(join(samples, "trajectories.jsonl"), "utf8")).split("\n").filter((line) => line !== "");
  const bad = [...lines.slice(0, 3), "", "{not json", ...lines.slice(3, 5), '{"trajectory_steps": [{"action": 3}], "instance_id": "x"}', ...lines.slice(5)];
  inputs.bad = join(work, "bad.jsonl");
  await writeFile(inputs.bad, bad.join("\r\n") + "\r\n");
});

afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  if (work !== "") await rm(work, { recursive: true, force: true });
});

const leftovers = (): Promise<string[]> => harness.leftovers();
const expectSame = (options: Omit<BuildDatasetOptions, "outDir">): Promise<Built> => harness.expectSame(options);

describe("entropo data with worker threads equals the serial build", () => {
  const jsonl = (): string[] => harness.files("jsonl");
  const labelled = (extension: string): string[] => harness.labelled(extension);

  it("sft, JSONL over many line chunks and several files, both recipes, JSON and JSONL output", async () => {
    const own = await expectSame({ kind: "sft", inputs: jsonl(), name: "sft" });
    expect(own.file.length).toBeGreaterThan(10_000);
    await expectSame({ kind: "sft", inputs: jsonl(), name: "sft_authors", recipe: "authors" });
    await expectSame({ kind: "sft", inputs: jsonl(), name: "sft_jsonl", recipe: "authors", fileFormat: "jsonl" });
  });

  it("dpo: authors recipe (source scope, last row per file), --pairs-per-instance, model scope, default recipe", async () => {
    const authors = await expectSame({ kind: "dpo", inputs: labelled("jsonl"), name: "dpo_authors", recipe: "authors" });
    expect(JSON.parse(authors.file.toString("utf8")).length).toBeGreaterThan(5);
    await expectSame({ kind: "dpo", inputs: labelled("jsonl"), name: "dpo_k", recipe: "authors", pairScope: "instance", pairsPerInstance: 2, seed: 5 });
    await expectSame({ kind: "dpo", inputs: jsonl(), name: "dpo_model", pairScope: "model", missingRewardAsFailed: true });
    await expectSame({ kind: "dpo", inputs: [...jsonl(), samples], name: "dpo_own" });
  });

  it("kto: interleaved rows, both recipes, --dedup and step filters", async () => {
    await expectSame({ kind: "kto", inputs: jsonl(), name: "kto_authors", recipe: "authors" });
    await expectSame({ kind: "kto", inputs: [...jsonl(), samples, samples], name: "kto_dedup", dedup: true, minSteps: 1, maxSteps: 30, onlyFinished: true });
  });

  it("other scaffolds' documents (.traj, JSON arrays, OpenHands, tool-call rows) and R2E records, in directories", async () => {
    await expectSame({ kind: "sft", inputs: [fixtures, samples], name: "docs", includeFailed: true });
    await expectSame({ kind: "kto", inputs: [fixtures, samples], name: "docs_kto", actionFormat: "r2e", missingRewardAsFailed: true });
  });

  it("--skip-invalid: the same records skipped (and reported) in the middle of a line chunk", async () => {
    const skipped = await expectSame({ kind: "sft", inputs: [inputs.bad as string, samples], name: "skip", skipInvalid: true, includeFailed: true });
    expect(skipped.events.some((event) => event.includes("skipped invalid record") && event.includes("bad.jsonl:5"))).toBe(true);
  });
});

describe("failures and cancellation with worker threads", () => {
  it("a bad record fails with the serial loop's error (FILE:LINE, field) and writes nothing", async () => {
    const errors: unknown[] = [];
    for (const workers of [0, 2]) {
      const outDir = await mkdtemp(join(work, "fail-"));
      const events = buildDataset({ kind: "sft", inputs: [samples, inputs.bad as string], name: "f", outDir, workers, workerChunkBytes: 3000 });
      errors.push(await (async () => {
        for await (const event of events) void event;
      })().catch((error: unknown) => error));
      expect(await readdir(outDir)).toEqual([]);
    }
    const [serial, parallel] = errors;
    expect(serial).toBeInstanceOf(InputError);
    expect(parallel).toBeInstanceOf(InputError);
    expect((parallel as InputError).message).toBe((serial as InputError).message);
    expect((parallel as InputError).message).toContain(`${inputs.bad as string}:5: invalid JSON`);
    expect(await leftovers()).toEqual([]);
  });

  it("an abort stops the workers, removes partial and temporary files and throws CancelledError", async () => {
    for (const kind of ["sft", "dpo", "kto"] as const) {
      const outDir = await mkdtemp(join(work, "cancel-"));
      const controller = new AbortController();
      const events = buildDataset({ kind, inputs: [inputs["runs-a.jsonl"] as string, samples], name: "c", outDir, workers: 2, workerChunkBytes: 3000, signal: controller.signal });
      // The first event is the progress after the first batch: workers are running and files are open.
      const first = await events.next();
      expect(first.value).toMatchObject({ type: "progress" });
      expect(runningWorkerThreads()).toBe(2);
      controller.abort();
      await expect(events.next()).rejects.toBeInstanceOf(CancelledError);
      expect(await readdir(outDir)).toEqual([]);
      expect(await leftovers()).toEqual([]);
      // The prepared-record cache keeps no half-written entry of the cancelled tasks.
      expect((await readdir(join(work, "cache", "data-prepared")).catch(() => [] as string[])).filter((name) => name.includes(".tmp-"))).toEqual([]);
      expect(runningWorkerThreads()).toBe(0);
    }
  });
});

describe("workerCount", () => {
  const one = [{ source: "x", path: samples }];
  it("uses threads only for sft/dpo/kto without tokens or rewards, none for small inputs by default", () => {
    expect(workerCount({ kind: "sft", workers: 3, tokens: false, rewards: false, inputs: one })).toBe(3);
    expect(workerCount({ kind: "stats", workers: 3, tokens: false, rewards: false, inputs: one })).toBe(0);
    expect(workerCount({ kind: "dpo", workers: 3, tokens: true, rewards: false, inputs: one })).toBe(0);
    expect(workerCount({ kind: "kto", workers: 3, tokens: false, rewards: true, inputs: one })).toBe(0);
    expect(workerCount({ kind: "kto", workers: undefined, tokens: false, rewards: false, inputs: one })).toBe(0);
  });

  it("by default leaves one CPU to the main thread (at most 4 threads), none on one CPU", async () => {
    const directory = await mkdtemp(join(tmpdir(), "entropo-worker-count-"));
    const saved = process.env.ENTROPO_DATA_WORKERS;
    delete process.env.ENTROPO_DATA_WORKERS;
    try {
      // A sparse 40 MB file: over the 32 MB below which threads are not started, without writing 40 MB.
      const large = join(directory, "runs.jsonl");
      await writeFile(large, "");
      await truncate(large, 40 * 1024 * 1024);
      const big = [{ source: "x", path: large }];
      const count = (cpus: number): number => workerCount({ kind: "dpo", workers: undefined, tokens: false, rewards: false, inputs: big, cpus });
      expect([1, 2, 3, 4, 5, 16].map(count)).toEqual([0, 1, 2, 3, 4, 4]);
      expect(workerCount({ kind: "sft", workers: 2, tokens: false, rewards: false, inputs: big, cpus: 2 })).toBe(2);
    } finally {
      if (saved !== undefined) process.env.ENTROPO_DATA_WORKERS = saved;
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("reads ENTROPO_DATA_WORKERS and rejects a bad value naming it", () => {
    const saved = process.env.ENTROPO_DATA_WORKERS;
    try {
      process.env.ENTROPO_DATA_WORKERS = "2";
      expect(workerCount({ kind: "sft", workers: undefined, tokens: false, rewards: false, inputs: one })).toBe(2);
      process.env.ENTROPO_DATA_WORKERS = "two";
      expect(() => workerCount({ kind: "sft", workers: undefined, tokens: false, rewards: false, inputs: one })).toThrow("ENTROPO_DATA_WORKERS");
    } finally {
      if (saved === undefined) delete process.env.ENTROPO_DATA_WORKERS;
      else process.env.ENTROPO_DATA_WORKERS = saved;
    }
    expect(existsSync(samples)).toBe(true);
  });
});
