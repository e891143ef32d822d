// Worker thread of `entropo data`: reads its tasks' raw records, imports and prepares them, posts batches in order.
import { closeSync, fstatSync, openSync, readFileSync, type BigIntStats } from "node:fs";
import { extname } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "../../core/errors.js";
import { lineRanges } from "../../util/line-ranges.js";
import { documentRecords, isJsonLinesBytes, parseJson, readRawRecords, type RawRecord } from "../../trajectories/raw-records.js";
import { importRawRecord } from "../../trajectories/read-trajectories.js";
import { createRecordFilter } from "../filters.js";
import { BatchEncoder, BufferRing, type EncodedBatch } from "./batch-encoder.js";
import { prepareRecord, type SentPrompts } from "./prepare-record.js";
import { inputErrorData } from "./error-data.js";
import { sameFileState } from "./prepared-cache-key.js";
import { cachedEntry, entryKey, linkEntry, TaskRecorder, type EntryKey } from "./prepared-cache-task.js";
import { readFully } from "../../util/read-at.js";
import type { OpenEntry } from "./prepared-cache-entry.js";
import type { BatchMessage, CacheMessage, MainMessage, RecordTask, WorkerSettings } from "./protocol.js";

/** Items posted at the latest after this many, so that progress flows when records are dropped without bytes. */
const maxItems = 256;

/** The raw records of JSONL lines (blank lines skipped, counted), as readRawRecords yields them. */
function* lineRecords(task: Extract<RecordTask, { type: "lines" }>): Generator<RawRecord> {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  let line = task.firstLine - 1;
  for (const [start, end] of lineRanges(bytes)) {
    line += 1;
    const text = bytes.toString("utf8", start, end);
    if (text.trim() === "") continue;
    yield { file: task.file, line, ...parseJson(text, task.file, line), singleRecordFile: false };
  }
}

/** The raw records of one parquet row group (rows numbered from 1 within the file); `onOpen` sees the file opened. */
async function* parquetRecords(task: Extract<RecordTask, { type: "parquet" }>, onOpen: (stats: BigIntStats) => void): AsyncGenerator<RawRecord> {
  const { readParquetRowGroup } = await import("../../hub/parquet-rows.js");
  let row = task.firstRow;
  for await (const value of readParquetRowGroup(task.file, task.rowGroup, onOpen)) {
    row += 1;
    yield { file: task.file, line: row, value, singleRecordFile: false };
  }
}

/**
 * The raw records of a task. A document read through the cache's descriptor (`document`) is parsed from those bytes;
 * a parquet row group whose opened file is not the one keyed (`keyed`) gives its entry up.
 */
function rawRecords(task: RecordTask, recorder: TaskRecorder, keyed: BigIntStats | undefined, document: Buffer | undefined): Iterable<RawRecord> | AsyncIterable<RawRecord> {
  if (task.type === "lines") return lineRecords(task);
  if (task.type === "parquet") {
    return parquetRecords(task, (opened) => {
      if (keyed === undefined || !sameFileState(keyed, opened)) recorder.discard();
    });
  }
  if (document !== undefined && !isJsonLinesBytes(task.file, document)) return documentRecords(task.file, document.toString("utf8"));
  recorder.discard();
  return readRawRecords(task.file);
}

/** The bytes of an opened document, or undefined when reading fails. */
function readDocument(fd: number): Buffer | undefined {
  try {
    return readFileSync(fd);
  } catch {
    return undefined;
  }
}

/** A whole document opened once: its status keys the cache entry and, on a miss, its bytes are what is parsed. */
type OpenedDocument = { fd: number; stats: BigIntStats };

/** Opens a whole-document task's file (undefined for other tasks, with the cache off, or when it cannot be opened). */
function openDocument(task: RecordTask): OpenedDocument | undefined {
  if (task.type !== "file" || settings.cache === undefined || extname(task.file) === ".parquet") return undefined;
  try {
    const fd = openSync(task.file, "r");
    return { fd, stats: fstatSync(fd, { bigint: true }) };
  } catch {
    return undefined;
  }
}

const settings = workerData as WorkerSettings;
const filter = createRecordFilter({ ...settings.filter, dedup: false });
const sent: SentPrompts = new Set();
/** Batch buffers in flight at most: the worker waits for the main thread to return one before filling more. */
const ring = new BufferRing(4);
const port = parentPort;

/** Posts a batch, transferring its buffer (recorded first for the cache when the task is being cached). */
function post(task: number, batch: EncodedBatch, last: boolean, recorder?: TaskRecorder): void {
  recorder?.add(batch.items, batch.buffer, batch.length, last);
  const message: BatchMessage = { type: "batch", task, items: batch.items, buffer: batch.buffer, length: batch.length, last };
  port?.postMessage(message, batch.buffer === null ? [] : [batch.buffer]);
}

/** Posts a task's cached batches with their bytes handed over as `link` (see linkEntry): nothing is read or copied. */
function replayByReference(task: number, entry: OpenEntry, link: string): void {
  for (const batch of entry.batches) {
    const message: BatchMessage = { type: "batch", task, items: batch.items, buffer: null, length: batch.bytes?.length ?? 0, last: batch.last };
    if (batch.bytes !== null) message.stored = { path: link, position: batch.bytes.position };
    port?.postMessage(message);
    if (batch.last) return;
  }
}

/**
 * Posts a task's cached batches as they were first posted, their bytes read straight into the worker's batch buffers
 * (or, with `settings.cache.byReference`, handed over by a link to the entry). An entry that cannot be read after its
 * check ends the task with a `failed` item (it was checked whole: I/O error).
 */
async function replay(task: number, entry: OpenEntry, path: string): Promise<void> {
  try {
    const link = settings.cache?.byReference === true ? linkEntry(entry, path, settings.cache.build) : undefined;
    if (link !== undefined) return replayByReference(task, entry, link);
    for (const batch of entry.batches) {
      await ring.available();
      let buffer: ArrayBuffer | null = null;
      if (batch.bytes !== null) {
        buffer = ring.take(batch.bytes.length);
        if (!readFully(entry.fd, new Uint8Array(buffer), 0, batch.bytes.length, batch.bytes.position)) throw new Error("the entry ended early");
      }
      post(task, { items: batch.items, buffer, length: batch.bytes?.length ?? 0 }, batch.last);
      if (batch.last) return;
    }
  } catch (error) {
    const message = `reading a prepared-record cache entry failed (${error instanceof Error ? error.message : String(error)}); rerun with --no-cache`;
    post(task, { items: [{ type: "failed", message }], buffer: null, length: 0 }, true);
  } finally {
    closeSync(entry.fd);
  }
}

/** Runs a task from its cache entry when there is one; else prepares it, recording its batches for the next build. */
async function runTask(task: RecordTask): Promise<void> {
  const opened = openDocument(task);
  let document: Buffer | undefined;
  let key: EntryKey | undefined;
  try {
    key = entryKey(task, settings, opened?.stats);
    const cached = cachedEntry(key?.path);
    if (key !== undefined) port?.postMessage({ type: "cache", task: task.id, hit: cached !== undefined } satisfies CacheMessage);
    if (cached !== undefined && key !== undefined) return await replay(task.id, cached, key.path);
    // A document that cannot be read here is read again by its name, whose error the task reports.
    if (opened !== undefined) document = readDocument(opened.fd);
  } finally {
    if (opened !== undefined) closeSync(opened.fd);
  }
  const recorder = new TaskRecorder(key?.path, settings.cache?.build ?? "");
  // A cached entry stands alone: it carries the texts of every prompt it meets (not only those new to this worker).
  await prepareTask(task, key === undefined ? sent : new Set(), recorder, rawRecords(task, recorder, key?.stats, document));
}

/** Prepares every record of a task; a failure to read it ends the task with a `failed` item. */
async function prepareTask(task: RecordTask, prompts: SentPrompts, recorder: TaskRecorder, records: Iterable<RawRecord> | AsyncIterable<RawRecord>): Promise<void> {
  const encoder = new BatchEncoder(ring);
  try {
    for await (const raw of records) {
      let posted: EncodedBatch | undefined;
      try {
        if (raw.error !== undefined) throw raw.error;
        posted = prepareRecord(importRawRecord({ ...raw, value: raw.value }, settings.format), raw.line, settings, filter, encoder, prompts);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        encoder.add({ type: "invalid", error: inputErrorData(error) });
      }
      if (posted !== undefined) post(task.id, posted, false, recorder);
      if (encoder.full || encoder.pending >= maxItems) post(task.id, encoder.take(), false, recorder);
      await ring.available();
    }
  } catch (error) {
    const input = error instanceof InputError ? { input: inputErrorData(error) } : {};
    encoder.add({ type: "failed", message: error instanceof Error ? error.message : String(error), ...input });
  }
  post(task.id, encoder.take(), true, recorder);
}

// Tasks run one after another in the order they arrive.
let queue: Promise<void> = Promise.resolve();
port?.on("message", (message: MainMessage) => {
  if (message.type === "recycle") ring.give(message.buffer);
  else queue = queue.then(() => runTask(message.task));
});
