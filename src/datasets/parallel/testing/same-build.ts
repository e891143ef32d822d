// Test harness of the parallel build (fast and python tiers): run files of message rows, and the check that worker
// threads give the serial loop's bytes, dataset_info, logs and summary, leaving no temporary file.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { PipelineEvent } from "../../../core/events.js";
import { resultOf } from "../../../testing/result-of.js";
import { seededRandom } from "../../../util/seeded-random.js";
import { buildDataset, type BuildDatasetOptions } from "../../build-dataset.js";

/** The four run files, their sizes in rows (2600 rows in one file make three parquet row groups of `datasets`). */
export const runNames = ["runs-a", "runs-a_1", "runs-b", "runs-b_1"] as const;
const sizes: Record<(typeof runNames)[number], number> = { "runs-a": 2600, "runs-a_1": 300, "runs-b": 250, "runs-b_1": 260 };

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

/** A scratch folder with a TMPDIR inside it, the run files as `NAME.jsonl`, and the builds' comparison. */
export class SameBuild {
  readonly inputs: Record<string, string> = {};
  /** [jsonl, parquet] paths of every run file, for writeParquet. */
  readonly parquetPairs: Array<[string, string]> = [];

  private constructor(readonly work: string, readonly temp: string) {}

  /** Creates the folder, points TMPDIR and ENTROPO_CACHE into it (the caller restores TMPDIR) and writes the run files. */
  static async create(): Promise<SameBuild> {
    const work = await mkdtemp(join(tmpdir(), "entropo-parallel-"));
    const harness = new SameBuild(work, join(work, "tmp"));
    await mkdir(harness.temp);
    process.env.TMPDIR = harness.temp;
    // The prepared-record cache of worker builds stays in the scratch folder (each test file runs in its own process).
    process.env.ENTROPO_CACHE = join(work, "cache");
    const random = seededRandom("parallel-build");
    let index = 0;
    for (const name of runNames) {
      const rows = Array.from({ length: sizes[name] }, () => messageRow(random, (index += 1)));
      const file = join(work, `${name}.jsonl`);
      harness.inputs[`${name}.jsonl`] = file;
      await writeFile(file, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
      harness.inputs[`${name}.parquet`] = join(work, `${name}.parquet`);
      harness.parquetPairs.push([file, join(work, `${name}.parquet`)]);
    }
    return harness;
  }

  /** The run files of one extension, in order. */
  files(extension: string): string[] {
    return runNames.map((name) => this.inputs[`${name}.${extension}`] as string);
  }

  /** The run files as `LABEL=PATH` (`runs-a_1` labelled `runs-a`, as the authors pair them). */
  labelled(extension: string): string[] {
    return runNames.map((name) => `${name.replace(/_1$/, "")}=${this.inputs[`${name}.${extension}`] as string}`);
  }

  /** entropo's temporary files and folders left in TMPDIR (tsx, which runs the workers from source here, keeps its cache there). */
  async leftovers(): Promise<string[]> {
    return (await readdir(this.temp)).filter((name) => name.startsWith("entropo"));
  }

  /**
   * Runs a build into a fresh folder (worker tasks of about `chunkBytes` of JSONL: small, so that a few files make many
   * tasks); returns the dataset bytes, dataset_info.json and the events (paths and timing out).
   */
  async build(options: Omit<BuildDatasetOptions, "outDir">, workers: number, chunkBytes = 3000): Promise<Built> {
    const outDir = await mkdtemp(join(this.work, "out-"));
    const events: PipelineEvent[] = [];
    for await (const event of buildDataset({ ...options, outDir, workers, workerChunkBytes: chunkBytes })) events.push(event);
    const file = resultOf(events, "data").file ?? "";
    // Only worker builds use the prepared-record cache: its counts (summary and log line) are left out of the comparison.
    const text = (event: PipelineEvent): string => JSON.stringify(event, (key, value: unknown) => (key === "seconds" ? 0 : key === "cache" ? undefined : value)).replaceAll(outDir, "OUT");
    const compared = (event: PipelineEvent): boolean => event.type !== "progress" && !(event.type === "log" && event.message.startsWith("prepared-record cache:"));
    return { file: await readFile(file), info: await readFile(join(outDir, "dataset_info.json"), "utf8").then((info) => info.replaceAll(outDir, "OUT")), events: events.filter(compared).map(text), all: events };
  }

  /** The serial loop and two workers give the same bytes, dataset_info, logs and summary; no temporary file is left. */
  async expectSame(options: Omit<BuildDatasetOptions, "outDir">): Promise<Built> {
    const serial = await this.build(options, 0);
    const parallel = await this.build(options, 2);
    expect(parallel.file.equals(serial.file), `${options.kind} ${options.name}: dataset bytes differ`).toBe(true);
    expect(parallel.info).toBe(serial.info);
    expect(parallel.events).toEqual(serial.events);
    expect(await this.leftovers()).toEqual([]);
    return serial;
  }
}

export type Built = { file: Buffer; info: string; events: string[]; all: PipelineEvent[] };
