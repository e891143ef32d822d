// Loads rewards kept outside the trajectories: an R2E collection_summary.json or a plain {key: reward} map.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join } from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";
import { parseWithSchema } from "../util/jsonl.js";

/**
 * One `results[]` entry as R2E-Gym's collection runs write it. Environment failures carry `error` / `traceback` and
 * no `reward`; `trajectory_file` may be an absolute path from the machine that ran the collection.
 */
const summaryEntrySchema = z.looseObject({
  instance_id: z.string().optional(),
  trajectory_file: z.string().nullish(),
  reward: z.number().nullish(),
  exit_reason: z.string().nullish(),
  error: z.unknown().optional(),
  traceback: z.unknown().optional(),
});
const summarySchema = z.looseObject({ results: z.array(summaryEntrySchema) });
const plainMapSchema = z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]));

export type RewardEntry = { reward: number | null; exitReason?: string };
export type RewardTable = ReadonlyMap<string, RewardEntry>;
/** A loaded rewards file: its table and, for an R2E summary, how many entries had no reward (errors) and were skipped. */
export type LoadedRewards = { file: string; table: RewardTable; skippedEntries: number };

export { isCollectionSummary } from "./expand-inputs.js";

/** The JSON document of a rewards file; unreadable is an InputError naming it, a syntax error names FILE:LINE:COLUMN. */
async function readJson(file: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read rewards (${(error as Error).message})`, { file, hint });
  }
  return parseJsonDocument(text, file, hint);
}

/** True for a summary entry that reports a failed rollout instead of a result (no reward; `error`/`traceback`). */
function isErrorEntry(entry: z.infer<typeof summaryEntrySchema>): boolean {
  return entry.reward === undefined;
}

/**
 * Reads a rewards file; keys are instance ids, rollout keys (`id#n`), file names and file stems. Summary entries without
 * a reward (environment failures) are skipped and counted, never fatal.
 */
export async function loadRewards(file: string): Promise<LoadedRewards> {
  const value = await readJson(file, "--rewards expects a JSON file");
  const table = new Map<string, RewardEntry>();
  if (typeof value === "object" && value !== null && "results" in value) {
    let skippedEntries = 0;
    for (const row of parseWithSchema(summarySchema, value, { file }).results) {
      if (isErrorEntry(row)) {
        skippedEntries += 1;
        continue;
      }
      const reward = row.reward ?? null;
      const entry: RewardEntry = row.exit_reason === undefined || row.exit_reason === null ? { reward } : { reward, exitReason: row.exit_reason };
      if (row.trajectory_file !== undefined && row.trajectory_file !== null) {
        table.set(row.trajectory_file, entry);
        table.set(basename(row.trajectory_file), entry);
        table.set(basename(row.trajectory_file, extname(row.trajectory_file)), entry);
      }
      if (row.instance_id !== undefined && !table.has(row.instance_id)) table.set(row.instance_id, entry);
    }
    return { file, table, skippedEntries };
  }
  for (const [key, reward] of Object.entries(parseWithSchema(plainMapSchema, value, { file }))) {
    table.set(key, { reward: typeof reward === "boolean" ? Number(reward) : reward });
  }
  return { file, table, skippedEntries: 0 };
}

/**
 * The trajectory files a collection summary lists (entries without a reward skipped): each `trajectory_file` as written
 * (relative paths from the summary's folder) when it exists, else the file of the same base name beside the summary (runs copied from another machine). A listed
 * file found in neither place is an InputError naming the entry.
 */
export async function summaryTrajectoryFiles(summary: string): Promise<string[]> {
  const value = parseWithSchema(summarySchema, await readJson(summary, "a collection_summary.json input lists trajectory files"), { file: summary });
  const files: string[] = [];
  value.results.forEach((entry, index) => {
    if (isErrorEntry(entry) || entry.trajectory_file === undefined || entry.trajectory_file === null) return;
    const beside = join(dirname(summary), basename(entry.trajectory_file));
    const asWritten = isAbsolute(entry.trajectory_file) ? entry.trajectory_file : join(dirname(summary), entry.trajectory_file);
    const found = existsSync(asWritten) ? asWritten : beside;
    if (!existsSync(found)) {
      throw new InputError(`trajectory file not found (also looked for ${beside})`, { file: summary, field: `results.${index}.trajectory_file` });
    }
    files.push(found);
  });
  return files;
}

/** Finds a record's reward: file name and stem (one-record files only), then rollout key, then instance id. */
export function lookupReward(
  table: RewardTable,
  keys: { file: string; singleRecordFile: boolean; instanceId: string; rolloutIndex: number },
): RewardEntry | undefined {
  const name = basename(keys.file);
  const byFile = keys.singleRecordFile ? (table.get(name) ?? table.get(basename(name, extname(name)))) : undefined;
  return byFile ?? table.get(`${keys.instanceId}#${keys.rolloutIndex}`) ?? table.get(keys.instanceId);
}
