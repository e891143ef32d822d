// Reads the records of a run file for select, verify, predictions and report: every shape `entropo data` accepts.
import { basename, extname } from "node:path";
import { throwIfAborted } from "../core/errors.js";
import { parseWithSchema } from "../util/jsonl.js";
import { importRecord } from "./import-record.js";
import { readRawRecords } from "./raw-records.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "./record.js";

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

/** One raw row of a run file as a record (auto-detected shape, entropo's own fields kept); `line` names it in errors. */
export function importRunRow(value: unknown, location: { file: string; line: number }): TrajectoryRecord {
  const stem = basename(location.file, extname(location.file));
  return withAnnotations(importRecord(value, location, "auto", `${stem}:${location.line}`), value, location);
}

/** True when a raw row states its own rollout index. */
function hasRolloutIndex(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && typeof (raw as Record<string, unknown>).rollout_index === "number";
}

/**
 * Yields every record of a run file (JSONL, JSON array, one JSON document, `.traj`, parquet) converted as `entropo
 * data` converts it (auto-detected): fields an operation does not need are optional (the number of steps is the length
 * of `trajectory_steps`). Rows that state no rollout_index (other scaffolds' exports) are numbered per instance in file
 * order, so they stay distinct rollouts. Bad input throws an InputError naming FILE:LINE and the field.
 */
export async function* readRunRecords(file: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<RunRecord> {
  const stem = basename(file, extname(file));
  const unnumbered = new Map<string, number>();
  let count = 0;
  for await (const raw of readRawRecords(file)) {
    if (count++ % 256 === 0) throwIfAborted(options.signal);
    if (raw.error !== undefined) throw raw.error;
    const location = { file: raw.file, line: raw.line };
    let record = withAnnotations(importRecord(raw.value, location, "auto", raw.singleRecordFile ? stem : `${stem}:${raw.line}`), raw.value, location);
    if (!hasRolloutIndex(raw.value)) {
      const next = unnumbered.get(record.instance_id) ?? 0;
      unnumbered.set(record.instance_id, next + 1);
      record = { ...record, rollout_index: next };
    }
    yield { record, raw: raw.value, file: raw.file, line: raw.line };
  }
}

/** The `finished` signal of a run record: a boolean `finished` on the row wins, else the importer's outcome. */
export function rawFinished(entry: Pick<RunRecord, "record" | "raw">): boolean {
  const value = typeof entry.raw === "object" && entry.raw !== null ? (entry.raw as Record<string, unknown>).finished : undefined;
  return typeof value === "boolean" ? value : entry.record.finished;
}
