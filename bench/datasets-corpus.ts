// Benchmark input: trajectories in the EntroPO authors' Hugging Face schema, replicated from the shared real R2E runs.
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { sharedDataDir } from "../src/util/paths.js";
import { authorsDatasetNames } from "../src/datasets/testing/authors-scripts.js";
import { authorsRunGroup, authorsSftGroup, r2eChats, type AuthorsRow } from "../src/datasets/testing/authors-rows.js";
import { writeParquet } from "../src/datasets/testing/authors-scripts.js";

export type Corpus = {
  /** Dataset name (hubert233/...) -> its parquet file and the same rows as JSONL. */
  files: Record<string, { parquet: string; jsonl: string }>;
  /** JSON-text megabytes of the SFT dataset and of the four run datasets together. */
  sftMb: number;
  runsMb: number;
  rows: Record<string, number>;
};

async function writeLine(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve) => stream.end(() => resolve()));
}

/**
 * Writes `megabytes` of SFT rows (hubert233/EntroPO-SFT) and `megabytes` of run rows split over the four run datasets
 * (R2E-GLM45[_1], R2E-QwenCoder30BA3-sft[_1]): replication groups of the 18 shared trajectories with new instance ids,
 * other runs' continuations, cut runs, re-drawn rewards (see authorsRunGroup), then parquet as `datasets` writes it.
 */
export async function writeCorpus(directory: string, megabytes: number, cacheDir: string): Promise<Corpus> {
  const chats = await r2eChats([join(sharedDataDir(), "r2e-trajectories")]);
  const target = megabytes * 1024 * 1024;
  const names: string[] = [...authorsDatasetNames.runs, ...authorsDatasetNames.sft];
  const files = Object.fromEntries(names.map((name) => [name, { jsonl: join(directory, `${name.replace("/", "__")}.jsonl`), parquet: join(directory, `${name.replace("/", "__")}.parquet`) }]));
  const streams = new Map(names.map((name) => [name, createWriteStream((files[name] as { jsonl: string }).jsonl)]));
  const rows: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  const emit = async (name: string, row: AuthorsRow): Promise<number> => {
    const line = JSON.stringify(row) + "\n";
    await writeLine(streams.get(name) as WriteStream, line);
    rows[name] = (rows[name] ?? 0) + 1;
    return Buffer.byteLength(line);
  };
  const runNames = authorsDatasetNames.runs.map((name) => name.replace(/^hubert233\//, ""));
  let runsBytes = 0;
  for (let group = 0; runsBytes < target; group += 1) {
    for (const [name, groupRows] of authorsRunGroup(chats, group, { datasets: runNames, seed: "bench" })) {
      for (const row of groupRows) runsBytes += await emit(`hubert233/${name}`, row);
    }
  }
  let sftBytes = 0;
  for (let group = 0; sftBytes < target; group += 1) {
    for (const row of authorsSftGroup(chats, group, { seed: "bench" })) sftBytes += await emit(authorsDatasetNames.sft[0], row);
  }
  await Promise.all([...streams.values()].map(close));
  await writeParquet(Object.values(files).map(({ jsonl, parquet }) => [jsonl, parquet] as const), cacheDir);
  return { files, sftMb: Math.round(sftBytes / 1048576), runsMb: Math.round(runsBytes / 1048576), rows };
}
