// Streams canonical trajectory records from any supported input (files, directories, hf: datasets), auto-detected per file.
import { basename, extname } from "node:path";
import { InputError, throwIfAborted } from "../core/errors.js";
import type { HubOptions } from "../hub/hf-dataset.js";
import { importRecord, type InputFormat } from "./import-record.js";
import { readRawRecords, type RawRecord } from "./raw-records.js";
import type { TrajectoryRecord } from "./record.js";
import { expandInputs } from "./expand-inputs.js";
import type { LoadedRewards, RewardTable, lookupReward } from "./rewards.js";

export { inputFormats, type InputFormat } from "./input-formats.js";
export { expandInputs } from "./expand-inputs.js";

export type TrajectoryItem = { record: TrajectoryRecord; file: string; line: number };

export type ReadTrajectoriesOptions = {
  format?: InputFormat;
  /** A rewards file path or an already loaded table; its entries override the records' own rewards. */
  rewards?: string | RewardTable;
  /** Skip records that fail validation (reported through onSkip) instead of failing. */
  skipInvalid?: boolean;
  signal?: AbortSignal;
  onSkip?: (error: InputError) => void;
  /** Called when a file starts: its index among all files and their total. */
  onFile?: (file: string, index: number, total: number) => void;
  /** Called once per rewards file loaded (--rewards, or a collection_summary.json given as input). */
  onRewards?: (rewards: LoadedRewards) => void;
  hub?: HubOptions;
};

/** Imports one raw record as a canonical record (fallback instance id: the file's stem, plus `:LINE` for multi-record files). */
export function importRawRecord(raw: RawRecord & { value: unknown }, format: InputFormat): TrajectoryRecord {
  const stem = basename(raw.file, extname(raw.file));
  return importRecord(raw.value, { file: raw.file, line: raw.line }, format, raw.singleRecordFile ? stem : `${stem}:${raw.line}`);
}

/** A reward table with its lookup (rewards.ts and its schemas load only when there are rewards: not in data workers). */
type Rewards = { table: RewardTable; lookup: typeof lookupReward };

function applyReward(record: TrajectoryRecord, raw: RawRecord, rewards: Rewards | undefined): TrajectoryRecord {
  if (rewards === undefined) return record;
  const keys = { file: raw.file, singleRecordFile: raw.singleRecordFile, instanceId: record.instance_id, rolloutIndex: record.rollout_index };
  const entry = rewards.lookup(rewards.table, keys);
  return entry === undefined ? record : { ...record, reward: entry.reward };
}

/** The rewards that apply: those of summaries given as inputs, overridden by --rewards entries. */
async function rewardTable(options: ReadTrajectoriesOptions, summaries: readonly string[]): Promise<Rewards | undefined> {
  if (summaries.length === 0 && options.rewards === undefined) return undefined;
  const { loadRewards, lookupReward } = await import("./rewards.js");
  const loaded: LoadedRewards[] = [];
  for (const summary of summaries) loaded.push(await loadRewards(summary));
  if (typeof options.rewards === "string") loaded.push(await loadRewards(options.rewards));
  for (const rewards of loaded) options.onRewards?.(rewards);
  if (typeof options.rewards === "object") loaded.push({ file: "", table: options.rewards, skippedEntries: 0 });
  if (loaded.length === 0) return undefined;
  const table = loaded.length === 1 ? (loaded[0] as LoadedRewards).table : new Map(loaded.flatMap((rewards) => [...rewards.table]));
  return { table, lookup: lookupReward };
}

/** Yields canonical records from every input; invalid records throw FILE:LINE + field, or are skipped with skipInvalid. */
export async function* readTrajectories(inputs: readonly string[], options: ReadTrajectoriesOptions = {}): AsyncGenerator<TrajectoryItem> {
  const format = options.format ?? "auto";
  const { files, summaries } = await expandInputs(inputs, { ...options.hub, signal: options.signal });
  const table = await rewardTable(options, summaries);
  for (const [index, file] of files.entries()) {
    options.onFile?.(file, index, files.length);
    for await (const raw of readRawRecords(file)) {
      throwIfAborted(options.signal);
      try {
        if (raw.error !== undefined) throw raw.error;
        const record = applyReward(importRawRecord({ ...raw, value: raw.value }, format), raw, table);
        yield { record, file: raw.file, line: raw.line };
      } catch (error) {
        if (!(error instanceof InputError) || options.skipInvalid !== true) throw error;
        options.onSkip?.(error);
      }
    }
  }
}
