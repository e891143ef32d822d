// trajectories.jsonl for its writer (`entropo rollout`): torn-tail repair after kill -9, the rollouts already recorded
// (for a resume), serialized durable appends of records that passed the canonical record schema.
import { existsSync } from "node:fs";
import { readFile, truncate, writeFile } from "node:fs/promises";
import { InputError } from "../core/errors.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "../trajectories/record.js";
import { appendJsonl, parseWithSchema } from "../util/jsonl.js";
import { maskSecrets } from "../util/redact.js";
import { RolloutKeys } from "./duplicates.js";

export type RepairResult = { truncatedBytes: number; savedTo: string | null };

/**
 * Removes a torn last line (bytes after the final newline, left by a kill during a write) and saves them beside the
 * file as `<file>.torn-<time>` so nothing is silently lost. A file that ends with a newline is left untouched.
 */
export async function repairTornTail(file: string): Promise<RepairResult> {
  if (!existsSync(file)) return { truncatedBytes: 0, savedTo: null };
  const content = await readFile(file);
  if (content.length === 0 || content[content.length - 1] === 0x0a) return { truncatedBytes: 0, savedTo: null };
  const keep = content.lastIndexOf(0x0a) + 1;
  const torn = content.subarray(keep);
  const savedTo = `${file}.torn-${Date.now()}`;
  await writeFile(savedTo, torn);
  await truncate(file, keep);
  return { truncatedBytes: torn.length, savedTo };
}

/** The part of the record schema a resume needs: which rollouts are done. */
const rolloutIdSchema = trajectoryRecordSchema.pick({ instance_id: true, rollout_index: true }).required();

/**
 * Keys (`instance_id#rollout_index`) of the rollouts already recorded in a trajectories file. A line that is not JSON,
 * lacks either field or repeats a rollout is an InputError naming FILE:LINE (the duplicate rule of duplicates.ts).
 */
export async function completedRolloutKeys(file: string): Promise<Set<string>> {
  const keys = new RolloutKeys();
  if (!existsSync(file)) return keys.keys();
  const text = await readFile(file, "utf8");
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message}); fix or remove this line to resume`, { file, line: index + 1 });
    }
    const place = { file, line: index + 1 };
    keys.add(parseWithSchema(rolloutIdSchema, value, place), place);
  }
  return keys.keys();
}

/** Appends records one at a time (never interleaved), each fsynced, with known secret values masked. */
export class TrajectoryWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly secrets: string[],
  ) {}

  /** Queues one record (built against trajectoryRecordSchema); resolves when it is durably on disk. */
  append(record: TrajectoryRecord): Promise<void> {
    const masked: unknown = JSON.parse(maskSecrets(JSON.stringify(record), this.secrets));
    const next = this.chain.then(() => appendJsonl(this.file, masked));
    this.chain = next.catch(() => undefined);
    return next;
  }
}
