// Scores the records of one trajectories.jsonl concurrently and writes each score onto its own record (atomic rewrites, resumable).
import { readFile } from "node:fs/promises";
import { CancelledError } from "../core/errors.js";
import type { PipelineEvent } from "../core/events.js";
import { log } from "../core/events.js";
import { writeFileAtomic } from "../util/jsonl.js";
import { InputError } from "../core/errors.js";
import { EventChannel } from "../util/event-channel.js";
import type { TrajectoryRecord } from "../trajectories/record.js";
import { rolloutKey } from "../trajectories/record.js";
import { RunRows } from "../run-dir/trajectories.js";

/** Fields to merge into the record, or null when the record could not be scored (it stays unscored for a resume). */
export type ScoreFunction = (record: TrajectoryRecord, signal: AbortSignal) => Promise<Record<string, unknown> | null>;

export type ScoreFileOptions = {
  file: string;
  /** Name of the signal in events (`regression`, `verifier`). */
  signalName: string;
  /** True when a record (as stored) still needs this signal. */
  needsScore: (raw: Record<string, unknown>) => boolean;
  score: ScoreFunction;
  concurrency?: number;
  /** Rewrite the file after this many new scores (default 8) and at the end. */
  checkpointEvery?: number;
  signal?: AbortSignal;
};

export type ScoreFileResult = { file: string; signal: string; records: number; scored: number; skipped: number; failed: number };

type Entry = { line: number; raw: Record<string, unknown>; record: TrajectoryRecord };

/** Reads every record of a trajectories file, validated (errors name FILE:LINE and the field; a rollout recorded twice is one), raw objects kept for rewriting. */
async function readEntries(file: string): Promise<Entry[]> {
  const text = await readFile(file, "utf8");
  const entries: Entry[] = [];
  const rows = new RunRows(file);
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message})`, { file, line: index + 1 });
    }
    const record = rows.record(value, { file, line: index + 1 });
    entries.push({ line: index + 1, raw: value as Record<string, unknown>, record });
  });
  return entries;
}

/** Scores the records that need it; yields progress and a warning per failed record; returns the counts. */
export async function* scoreFile(options: ScoreFileOptions): AsyncGenerator<PipelineEvent, ScoreFileResult> {
  const entries = await readEntries(options.file);
  const pending = entries.filter((entry) => options.needsScore(entry.raw));
  const result: ScoreFileResult = { file: options.file, signal: options.signalName, records: entries.length, scored: 0, skipped: entries.length - pending.length, failed: 0 };
  const task = `${options.signalName} ${options.file}`;
  yield { type: "progress", task, done: 0, total: pending.length, unit: "records", detail: `${result.skipped} already scored` };
  if (pending.length === 0) return result;
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  options.signal?.addEventListener("abort", abort);
  if (options.signal?.aborted) controller.abort();
  const channel = new EventChannel<PipelineEvent>();
  let writes: Promise<void> = Promise.resolve();
  let sinceCheckpoint = 0;
  const checkpoint = (): Promise<void> => {
    const content = entries.map((entry) => JSON.stringify(entry.raw) + "\n").join("");
    writes = writes.then(() => writeFileAtomic(options.file, content));
    return writes;
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pending.length && !controller.signal.aborted) {
      const entry = pending[next++] as Entry;
      try {
        const fields = await options.score(entry.record, controller.signal);
        if (fields === null) {
          result.failed += 1;
          channel.push(log("warn", `${rolloutKey(entry.record)}: no ${options.signalName} score (left unscored)`, "verify"));
        } else {
          Object.assign(entry.raw, fields);
          result.scored += 1;
          sinceCheckpoint += 1;
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        result.failed += 1;
        channel.push(log("warn", `${rolloutKey(entry.record)}: ${options.signalName} failed: ${(error as Error).message}`, "verify"));
      }
      if (sinceCheckpoint >= (options.checkpointEvery ?? 8)) {
        sinceCheckpoint = 0;
        void checkpoint().catch((error: unknown) => channel.push(log("error", `checkpoint failed: ${(error as Error).message}`, "verify")));
      }
      channel.push({ type: "progress", task, done: result.scored + result.failed, total: pending.length, unit: "records" });
    }
  };
  const workers = Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, pending.length)) }, worker)).finally(() => channel.close());
  let finished = false;
  try {
    yield* channel;
    await workers;
    finished = true;
  } finally {
    if (!finished) {
      controller.abort();
      await workers.catch(() => undefined);
    }
    options.signal?.removeEventListener("abort", abort);
    await writes.catch(() => undefined);
    if (result.scored > 0) await checkpoint();
  }
  if (controller.signal.aborted) throw new CancelledError(`${options.signalName} scoring cancelled after ${result.scored} new score(s), saved`);
  return result;
}
