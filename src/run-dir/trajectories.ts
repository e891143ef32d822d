// trajectories.jsonl for its readers (select, verify, predictions, report): where a run's file is, and its records in
// every shape `entropo data` accepts, checked against the canonical record schema and the duplicate rule.
import { readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { InputError, throwIfAborted } from "../core/errors.js";
import { importRecord } from "../trajectories/import-record.js";
import { readRawRecords } from "../trajectories/raw-records.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "../trajectories/record.js";
import { parseWithSchema } from "../util/jsonl.js";
import { RolloutKeys } from "./duplicates.js";
import { runFiles } from "./layout.js";

/**
 * Resolves a `--runs` entry to its trajectories file: a run directory holding trajectories.jsonl, or a file of any
 * shape `entropo data` reads (JSONL, JSON, `.traj`, parquet).
 */
export async function trajectoriesFile(run: string): Promise<string> {
  const hint = "pass a run directory written by `entropo rollout` (it holds trajectories.jsonl) or a trajectories file";
  const info = await stat(run).catch(() => null);
  if (info === null) throw new InputError(`no trajectories file here: ${run} does not exist`, { file: run, hint });
  if (info.isFile()) return run;
  const file = join(run, runFiles.trajectories);
  if ((await stat(file).catch(() => null)) === null) throw new InputError(`no trajectories file here: the directory has no ${runFiles.trajectories}`, { file: run, hint });
  return file;
}

/** Fields that entropo's own commands write onto a record (scores, run bookkeeping): kept whatever the row's shape. */
const annotationSchema = trajectoryRecordSchema.pick({
  reward: true,
  finished: true,
  verifier_prob: true,
  regression_passed: true,
  regression_test_output: true,
  reproduction_test_scores: true,
  run_id: true,
  rollout_index: true,
  exp_name: true,
  sampling: true,
});
const annotationKeys = Object.keys(annotationSchema.shape);

/** One record of a run file, with its raw value (for the `finished` rule and for rewriting) and its line. */
export type RunRecord = { record: TrajectoryRecord; raw: unknown; file: string; line: number };

/**
 * Applies the entropo fields present on a raw row of another shape (e.g. `verifier_prob` written by `entropo verify`
 * onto an imported message row); errors name FILE:LINE and the field.
 */
function withAnnotations(record: TrajectoryRecord, raw: unknown, location: { file: string; line: number }): TrajectoryRecord {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return record;
  const present = Object.fromEntries(annotationKeys.filter((key) => key in raw).map((key) => [key, (raw as Record<string, unknown>)[key]]));
  if (Object.keys(present).length === 0) return record;
  const parsed = parseWithSchema(annotationSchema.partial(), present, location) as Partial<TrajectoryRecord>;
  return { ...record, ...Object.fromEntries(Object.keys(present).map((key) => [key, parsed[key as keyof TrajectoryRecord]])) };
}

/** True when a raw row states its own rollout index. */
function hasRolloutIndex(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && typeof (raw as Record<string, unknown>).rollout_index === "number";
}

/**
 * Turns the rows of one run file into records, in file order: converted as `entropo data` converts them
 * (auto-detected; fields an operation does not need are optional), entropo's own fields kept, rows that state no
 * rollout_index (other scaffolds' exports) numbered per instance so they stay distinct rollouts, and a rollout
 * recorded twice refused (duplicates.ts). Bad input throws an InputError naming FILE:LINE and the field.
 */
export class RunRows {
  private readonly unnumbered = new Map<string, number>();
  private readonly keys = new RolloutKeys();

  constructor(private readonly file: string) {}

  /** The record of one row; a file holding a single record names it by its stem, others by FILE:LINE. */
  record(value: unknown, location: { file: string; line: number }, singleRecordFile = false): TrajectoryRecord {
    const stem = basename(this.file, extname(this.file));
    let record = withAnnotations(importRecord(value, location, "auto", singleRecordFile ? stem : `${stem}:${location.line}`), value, location);
    if (!hasRolloutIndex(value)) {
      const next = this.unnumbered.get(record.instance_id) ?? 0;
      this.unnumbered.set(record.instance_id, next + 1);
      record = { ...record, rollout_index: next };
    }
    this.keys.add(record, location);
    return record;
  }
}

/**
 * The error for a JSONL file whose invalid line is its last and lacks the final newline: a rollout killed while
 * appending (trajectory-writer.ts repairs it on the next `entropo rollout`); undefined for any other invalid line.
 */
async function tornTailError(file: string, line: number, cause: InputError): Promise<InputError | undefined> {
  if (extname(file) !== ".jsonl") return undefined;
  const content = await readFile(file).catch(() => null);
  if (content === null || content.length === 0 || content[content.length - 1] === 0x0a) return undefined;
  let lines = 1;
  for (let at = content.indexOf(0x0a); at !== -1; at = content.indexOf(0x0a, at + 1)) lines += 1;
  if (line !== lines) return undefined;
  return new InputError("the last line is incomplete (a rollout was interrupted while writing)", {
    file,
    line,
    hint: `\`entropo rollout\` with the same --out repairs it (the torn bytes are kept beside the file), or delete line ${line}`,
    cause,
  });
}

/** Yields every record of a run file (JSONL, JSON array, one JSON document, `.traj`, parquet) as {@link RunRows} reads it. */
export async function* readRunRecords(file: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<RunRecord> {
  const rows = new RunRows(file);
  let count = 0;
  for await (const raw of readRawRecords(file)) {
    if (count++ % 256 === 0) throwIfAborted(options.signal);
    if (raw.error !== undefined) throw (await tornTailError(raw.file, raw.line, raw.error)) ?? raw.error;
    const record = rows.record(raw.value, { file: raw.file, line: raw.line }, raw.singleRecordFile);
    yield { record, raw: raw.value, file: raw.file, line: raw.line };
  }
}

/** The `finished` signal of a run record: a boolean `finished` on the row wins, else the importer's outcome. */
export function rawFinished(entry: Pick<RunRecord, "record" | "raw">): boolean {
  const value = typeof entry.raw === "object" && entry.raw !== null ? (entry.raw as Record<string, unknown>).finished : undefined;
  return typeof value === "boolean" ? value : entry.record.finished;
}
