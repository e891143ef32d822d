// The run's trajectories.jsonl: torn-tail repair after kill -9, completed rollout keys, serialized durable appends.
import { existsSync } from "node:fs";
import { open, readFile, truncate, writeFile } from "node:fs/promises";
import { InputError } from "../core/errors.js";
import { appendJsonl } from "../util/jsonl.js";
import { maskSecrets } from "../util/redact.js";
import { rolloutKey } from "../trajectories/record.js";

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

/** Keys (`instance_id#rollout_index`) of the rollouts already recorded in a trajectories file. */
export async function completedRolloutKeys(file: string): Promise<Set<string>> {
  const keys = new Set<string>();
  if (!existsSync(file)) return keys;
  const text = await readFile(file, "utf8");
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message}); fix or remove this line to resume`, { file, line: index + 1 });
    }
    const record = value as { instance_id?: unknown; rollout_index?: unknown };
    if (typeof record.instance_id !== "string") throw new InputError("missing string instance_id", { file, line: index + 1, field: "instance_id" });
    if (typeof record.rollout_index !== "number") throw new InputError("missing number rollout_index", { file, line: index + 1, field: "rollout_index" });
    keys.add(rolloutKey({ instance_id: record.instance_id, rollout_index: record.rollout_index }));
  }
  return keys;
}

/** Appends records one at a time (never interleaved), each fsynced, with known secret values masked. */
export class TrajectoryWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly secrets: string[],
  ) {}

  /** Queues one record; resolves when it is durably on disk. */
  append(record: unknown): Promise<void> {
    const masked: unknown = JSON.parse(maskSecrets(JSON.stringify(record), this.secrets));
    const next = this.chain.then(() => appendJsonl(this.file, masked));
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** Appends one NDJSON event line (no fsync: events are a log, trajectories are the data). */
export async function appendEventLine(file: string, event: unknown, secrets: string[]): Promise<void> {
  const handle = await open(file, "a");
  try {
    await handle.write(maskSecrets(JSON.stringify({ time: new Date().toISOString(), ...(event as object) }), secrets) + "\n");
  } finally {
    await handle.close();
  }
}
