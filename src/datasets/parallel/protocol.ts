// Messages between `entropo data` and its record worker threads: tasks in, prepared records (metadata + bytes) out.
import type { RecordSummary } from "../dataset-stats.js";
import type { RecordFilterOptions } from "../filters.js";
import type { PairScope } from "../recipes.js";
import type { ActionFormat } from "../sharegpt.js";
import type { InputFormat } from "../../trajectories/import-record.js";

/** The kinds whose records worker threads prepare. */
export type PreparedKind = "sft" | "dpo" | "kto";

/** Everything a worker needs to prepare records exactly as the serial path handles them (see row-handlers.ts). */
export type WorkerSettings = {
  kind: PreparedKind;
  format: InputFormat;
  actionFormat: ActionFormat;
  /** The record filter without `dedup` (stateful: decided on the main thread from each record's digest). */
  filter: RecordFilterOptions;
  dedup: boolean;
  includeFailed: boolean;
  missingRewardAsFailed: boolean;
  dpoTools: boolean;
  pairScope: PairScope;
  /** The prepared-record cache (prepared-cache.ts); not part of a cache key. Absent: no cache. */
  cache?: CacheSettings;
};

/**
 * Where a worker caches its tasks' batches, and the build's tag on its temporary files (removed when the build ends).
 * `byReference` (DPO/KTO, whose main thread stores every batch's bytes until the end): a hit's bytes are not read and
 * posted but handed over as a build-private hard link to the entry (see BatchMessage.stored).
 */
export type CacheSettings = { dir: string; build: string; byReference?: boolean };

/** A unit of input a worker reads: complete JSONL lines, one parquet row group, or one whole JSON document file. */
export type RecordTask =
  | { id: number; type: "lines"; file: string; firstLine: number; bytes: Uint8Array }
  | { id: number; type: "parquet"; file: string; rowGroup: number; firstRow: number }
  | { id: number; type: "file"; file: string };

/** [offset, length] of UTF-8 bytes in the batch buffer. */
export type ByteRange = [offset: number, length: number];

/** An InputError as data (its message without the FILE:LINE prefix), rebuilt on the main thread. */
export type InputErrorData = { message: string; file?: string; line?: number; field?: string; hint?: string };

/** DPO: what the pairer needs of a trajectory (its texts are in the batch buffer). */
export type PreparedPair = {
  /** promptDigest(prompt JSON, tools): the group key with instance and scope. */
  digest: string;
  resolved: boolean;
  remainder: ByteRange;
  /** The prompt's JSON text (and the tools' JSON string), sent the first time a worker meets the digest. */
  prompt?: ByteRange;
  tools?: ByteRange;
};

/**
 * One record, in input order: `filtered` (dropped by the stateless filter) or kept by it, then `dropped` by the row
 * handler or turned into `row` (SFT/KTO JSON text) / `pair` (DPO).
 */
export type PreparedRecord = {
  type: "record";
  line: number;
  instance: string;
  filtered?: string;
  /** --dedup: digest of the messages (the main thread keeps the set of digests seen). */
  digest?: string;
  dropped?: string;
  /** Stats of a record the filter kept (counted when the handler keeps it too). */
  summary?: RecordSummary;
  /** The row carries tools (the dataset_info entry then maps the tools column). */
  toolsSeen?: boolean;
  row?: ByteRange;
  /** KTO: desirable or not. */
  resolved?: boolean;
  /** DPO with pair scope `model`: the record's model. */
  model?: string;
  pair?: PreparedPair;
};

/** A record that failed validation (skipped with --skip-invalid, else the build fails with it). */
export type InvalidRecord = { type: "invalid"; error: InputErrorData };

/** Reading the task failed (not a bad record): the build fails at this point of the input order. */
export type FailedTask = { type: "failed"; message: string; input?: InputErrorData };

export type PreparedItem = PreparedRecord | InvalidRecord | FailedTask;

/** Where a batch's bytes lie when they are handed over by reference: `length` bytes at `position` of the file at `path`. */
export type StoredBytes = { path: string; position: number };

/**
 * Worker -> main: the next items of a task (in order) and the buffer their byte ranges point into (`length` bytes used),
 * or (`stored`, buffer null) the file they lie in: a hard link to a cache entry that stays as it is until the build ends.
 */
export type BatchMessage = { type: "batch"; task: number; items: PreparedItem[]; buffer: ArrayBuffer | null; length: number; last: boolean; stored?: StoredBytes };

/** Worker -> main: whether a task's batches came from the prepared-record cache (sent before its last batch). */
export type CacheMessage = { type: "cache"; task: number; hit: boolean };

/** Main -> worker: a task to run, or a batch buffer given back once its bytes were written or stored. */
export type MainMessage = { type: "task"; task: RecordTask } | { type: "recycle"; buffer: ArrayBuffer };
