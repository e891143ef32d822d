// Per-stage completion records (config hash, finish time) that let a re-run skip finished, up-to-date stages.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeJsonAtomic } from "../util/jsonl.js";

const stageRecordSchema = z.object({ hash: z.string(), finishedAt: z.number(), seconds: z.number() });
const stateSchema = z.object({ stages: z.record(z.string(), stageRecordSchema) });
export type PipelineState = z.infer<typeof stateSchema>;

/** Path of the state file inside the pipeline's output directory. */
function stateFile(outDir: string): string {
  return join(outDir, "pipeline-state.json");
}

/** Reads the state; a missing or unreadable file is an empty state (stages then simply re-run). */
export async function readState(outDir: string): Promise<PipelineState> {
  try {
    return stateSchema.parse(JSON.parse(await readFile(stateFile(outDir), "utf8")));
  } catch {
    return { stages: {} };
  }
}

/** Writes the state atomically. */
export async function writeState(outDir: string, state: PipelineState): Promise<void> {
  await writeJsonAtomic(stateFile(outDir), state);
}

/** Stable hash of a stage's resolved configuration. */
export function stageHash(value: unknown): string {
  return createHash("sha256").update(stableStringify(value)).digest("hex").slice(0, 16);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Newest modification time (ms) of a path, walking directories (bounded to 20k entries). */
async function newestMtime(path: string, budget = { left: 20_000 }): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (budget.left-- <= 0) break;
    newest = Math.max(newest, await newestMtime(join(path, entry), budget));
  }
  return newest;
}

/** Why a stage must run, or null when its record is current (same hash, outputs present, inputs not newer). */
export async function reasonToRun(
  record: PipelineState["stages"][string] | undefined,
  hash: string,
  inputs: string[],
  outputs: string[],
): Promise<string | null> {
  if (record === undefined) return "never finished";
  if (record.hash !== hash) return "configuration changed";
  const missing = outputs.find((output) => !existsSync(output));
  if (missing !== undefined) return `output missing: ${missing}`;
  for (const input of inputs) {
    if ((await newestMtime(input)) > record.finishedAt) return `input changed: ${input}`;
  }
  return null;
}
