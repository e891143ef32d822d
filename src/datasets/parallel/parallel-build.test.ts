// Worker threads change nothing but speed: the same bytes, summary, logs and errors as the serial loop, on every path.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError, InputError } from "../../core/errors.js";
import type { PipelineEvent } from "../../core/events.js";
import { projectPython, projectRoot } from "../../util/paths.js";
import { seededRandom } from "../../util/seeded-random.js";
import { writeParquet } from "../testing/authors-scripts.js";
import { buildDataset, type BuildDatasetOptions } from "../build-dataset.js";
import { workerCount } from "./read-in-parallel.js";
import { runningWorkerThreads } from "./worker-pool.js";
import { resultOf } from "../../testing/result-of.js";

const samples = join(projectRoot(), "data", "samples");
const fixtures = join(projectRoot(), "src", "trajectories", "testing", "fixtures");
const run = promisify(execFile);
const noDatasets = await run(projectPython(), ["-c", "import datasets"]).then(
  () => undefined,
  () => `${projectPython()} cannot import datasets (run scripts/setup.sh)`,
);
if (noDatasets !== undefined) console.warn(`skipping the parquet cases of the parallel build: ${noDatasets}`);

let work = "";
/** Temporary files of the builds (spill files, reorder files) go here, so the tests see that none is left. */
let temp = "";
const savedTmp = process.env.TMPDIR;
const inputs: Record<string, string> = {};

/** A message row in the authors' schema with text that exercises JSON escaping (controls, quotes, non-Latin-1, emoji). */
function messageRow(random: () => number, index: number): Record<string, unknown> {
  const words = ["fix", "the", '"bug"', "in", "path\\to", "é", "•", "😀", "\t", "\u0001", "\r\n", "\n"];
  const text = (count: number): string => Array.from({ length: count }, () => words[Math.floor(random() * words.length)]).join(" ");
  const instance = `repo__pkg-${index % 37}`;
  const messages = [
    { role: "user", content: `Issue ${index % 37}: ${instance} fails` },
    { role: "assistant", content: `${text(8)}\n<function=execute_bash>\n<parameter=cmd>ls</parameter>\n</function>` },
    { role: "user", content: `${text(12)}\nSteps Remaining: ${40 - (index % 5)}` },
    { role: "assistant", content: random() < 0.8 ? `done ${text(4)}\n<function=finish>\n<parameter=command>submit</parameter>\n</function>` : text(5) },
  ];
  if (random() < 0.05) messages.push({ role: "user", content: "   " });
  if (random() < 0.03) (messages[1] as { content: string }).content = "";
  const row: Record<string, unknown> = {
    messages,
    instance_id: instance,
    exit_reasons: random() < 0.75 ? "agent" : "exceed_limit",
    reward: random() < 0.1 ? null : random() < 0.45 ? 1 : 0,
    source: "r2e",
    step_number: 2,
  };
  if (index % 3 === 0) row.system = "You are a programming agent.";
  if (index % 4 === 1) row.tools = '[{"name": "finish"}]';
  return row;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "entropo-parallel-"));
  temp = join(work, "tmp");
  await mkdir(temp);
  process.env.TMPDIR = temp;
  const random = seededRandom("parallel-build");
  // Four run files of message rows; 2600 rows in one file make three parquet row groups (datasets writes 1000-row groups).
  const sizes = { "runs-a": 2600, "runs-a_1": 300, "runs-b": 250, "runs-b_1": 260 };
  let index = 0;
  const pairs: Array<[string, string]> = [];
  for (const [name, count] of Object.entries(sizes)) {
    const rows = Array.from({ length: count }, () => messageRow(random, (index += 1)));
    inputs[`${name}.jsonl`] = join(work, `${name}.jsonl`);
    await writeFile(inputs[`${name}.jsonl`] as string, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
    pairs.push([inputs[`${name}.jsonl`] as string, join(work, `${name}.parquet`)]);
    inputs[`${name}.parquet`] = join(work, `${name}.parquet`);
  }
  if (noDatasets === undefined) await writeParquet(pairs, join(work, "hf-cache"));
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

/** entropo's temporary files and folders left in TMPDIR (tsx, which runs the workers from source here, keeps its cache there). */
async function leftovers(): Promise<string[]> {
  return (await readdir(temp)).filter((name) => name.startsWith("entropo"));
}

type Built = { file: Buffer; info: string; events: string[] };

/** Runs a build into a fresh folder; returns the dataset bytes, dataset_info.json and the events (paths and timing out). */
async function build(options: Omit<BuildDatasetOptions, "outDir">, workers: number): Promise<Built> {
  const outDir = await mkdtemp(join(work, "out-"));
  const events: PipelineEvent[] = [];
  for await (const event of buildDataset({ ...options, outDir, workers, workerChunkBytes: 3000 })) events.push(event);
  const file = resultOf(events, "data").file ?? "";
  const text = (event: PipelineEvent): string => JSON.stringify(event, (key, value: unknown) => (key === "seconds" ? 0 : value)).replaceAll(outDir, "OUT");
  return { file: await readFile(file), info: await readFile(join(outDir, "dataset_info.json"), "utf8").then((info) => info.replaceAll(outDir, "OUT")), events: events.filter((event) => event.type !== "progress").map(text) };
}

/** The serial loop and two workers give the same bytes, dataset_info, logs and summary; no temporary file is left. */
async function expectSame(options: Omit<BuildDatasetOptions, "outDir">): Promise<Built> {
  const serial = await build(options, 0);
  const parallel = await build(options, 2);
  expect(parallel.file.equals(serial.file), `${options.kind} ${options.name}: dataset bytes differ`).toBe(true);
  expect(parallel.info).toBe(serial.info);
  expect(parallel.events).toEqual(serial.events);
  expect(await leftovers()).toEqual([]);
  return serial;
}

describe("entropo data with worker threads equals the serial build", () => {
  const jsonl = (): string[] => ["runs-a", "runs-a_1", "runs-b", "runs-b_1"].map((name) => inputs[`${name}.jsonl`] as string);
  const labelled = (extension: string): string[] => ["runs-a", "runs-a_1", "runs-b", "runs-b_1"].map((name) => `${name.replace(/_1$/, "")}=${inputs[`${name}.${extension}`] as string}`);

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

  it.skipIf(noDatasets !== undefined)("parquet: row groups of one file and several files, all kinds", async () => {
    const parquet = ["runs-a", "runs-a_1", "runs-b", "runs-b_1"].map((name) => inputs[`${name}.parquet`] as string);
    await expectSame({ kind: "sft", inputs: [inputs["runs-a.parquet"] as string], name: "p_sft", recipe: "authors" });
    await expectSame({ kind: "dpo", inputs: labelled("parquet"), name: "p_dpo", recipe: "authors" });
    await expectSame({ kind: "kto", inputs: parquet, name: "p_kto", recipe: "authors" });
    // The same rows from parquet and from JSONL give the same dataset.
    const fromJsonl = await build({ kind: "kto", inputs: jsonl(), name: "p_kto", recipe: "authors" }, 2);
    const fromParquet = await build({ kind: "kto", inputs: parquet, name: "p_kto", recipe: "authors" }, 2);
    expect(fromParquet.file.equals(fromJsonl.file)).toBe(true);
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
