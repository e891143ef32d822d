// run.json: what a run directory holds (model, stage, sampling, limits, times); checked on resume, never holds secrets.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseWithSchema, writeJsonAtomic } from "../util/jsonl.js";
import { maskSecrets } from "../util/redact.js";
import { samplingSchema } from "../trajectories/record.js";

const runManifestSchema = z.looseObject({
  run_id: z.string(),
  model: z.string(),
  agent_kind: z.enum(["llm", "scripted-teacher", "imported"]),
  /** Policy stage for reports (base, sft, entropo-dpo, entropo-kto, teacher, …). */
  stage: z.string().min(1),
  benchmark: z.string().min(1),
  run_index: z.number().int().nonnegative(),
  /** Endpoint without credentials (user:password@ and query string removed). */
  llm_url: z.string().nullable().default(null),
  sampling: samplingSchema,
  limits: z.record(z.string(), z.unknown()).default({}),
  /** Rollouts per task (the report's `n`) and the number of tasks (its `total_instances`). */
  n: z.number().int().positive(),
  total_instances: z.number().int().nonnegative(),
  /** Sampling temperature, duplicated at top level for reports. */
  temperature: z.number().optional(),
  /** Training output directory of the policy (its trainer_log.jsonl feeds the report's curves and entropy). */
  train_dir: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type RunManifest = z.infer<typeof runManifestSchema>;

/** Strips credentials (user info, query) from a URL before it is stored. */
export function safeUrl(url: string | null | undefined): string | null {
  if (url === null || url === undefined || url === "") return null;
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return null;
  }
}

/** Reads run.json if present (validated, errors name the file and field). */
export async function readRunManifest(file: string): Promise<RunManifest | null> {
  if (!existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new InputError(`invalid JSON (${(error as Error).message})`, { file });
  }
  return parseWithSchema(runManifestSchema, value, { file });
}

/** Refuses to resume a run directory with a different model or sampling (it would mix two policies in one run). */
export function checkResumable(file: string, existing: RunManifest, next: RunManifest): void {
  if (existing.model !== next.model) {
    throw new InputError(`run directory was created with model ${JSON.stringify(existing.model)}, this run uses ${JSON.stringify(next.model)}`, {
      file,
      field: "model",
      hint: "use another --out directory for another model",
    });
  }
  for (const key of ["temperature", "top_p", "top_k", "max_tokens", "seed"] as const) {
    if ((existing.sampling[key] ?? null) !== (next.sampling[key] ?? null)) {
      throw new InputError(`run directory was created with ${key}=${String(existing.sampling[key])}, this run uses ${String(next.sampling[key])}`, {
        file,
        field: `sampling.${key}`,
        hint: "use another --out directory for other sampling settings",
      });
    }
  }
}

/** Writes run.json atomically with known secret values masked. */
export async function writeRunManifest(file: string, manifest: RunManifest, secrets: string[]): Promise<void> {
  await writeJsonAtomic(file, JSON.parse(maskSecrets(JSON.stringify(manifest), secrets)));
}
