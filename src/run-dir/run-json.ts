// run.json: what a run directory holds. One schema for `entropo rollout` (which writes it and checks it on resume) and
// for the report (which reads it, also when a user wrote it by hand for imported trajectories). Never holds secrets.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { samplingSchema } from "../trajectories/record.js";
import { parseWithSchema } from "../util/jsonl.js";
import { readJsonIfPresent, writeJsonWithSchema } from "./json-file.js";
import { runFiles } from "./layout.js";

const nonEmpty = z.string().trim().min(1, "must be a non-empty string");

/**
 * run.json. Required of every run (the report groups runs by them): model, stage, benchmark, run_index. `entropo
 * rollout` also writes run_id, agent_kind, llm_url, sampling, limits, n, total_instances, temperature, train_dir and
 * the times; a hand-written file may add entro_alpha, pref_beta, trainer_log, checkpoint and label. Unknown keys are kept.
 */
export const runJsonSchema = z.looseObject({
  model: nonEmpty,
  /** Policy stage for reports (origin, base, sft, entropo-dpo, entropo-kto, teacher, …). */
  stage: nonEmpty,
  benchmark: nonEmpty,
  /** Index of this run among repeated runs of one model, stage and benchmark. */
  run_index: z.number().int().nonnegative(),
  run_id: nonEmpty.optional(),
  agent_kind: z.enum(["llm", "scripted-teacher", "imported"]).optional(),
  /** Endpoint without credentials (user:password@ and query string removed). */
  llm_url: z.string().nullable().optional(),
  sampling: samplingSchema.optional(),
  /** The agent's limits under R2E's names (max_steps, max_exec_time, …). */
  limits: z.record(z.string(), z.unknown()).optional(),
  /** Rollouts per instance the run was asked for. */
  n: z.number().int().positive().optional(),
  /** Size of the benchmark: instances without a trajectory count as unresolved. */
  total_instances: z.number().int().positive().optional(),
  /** Sampling temperature of the rollouts (sampling.temperature repeated at top level for reports and hand-written files). */
  temperature: z.number().nonnegative().optional(),
  /** Training output directory of the policy (its trainer_log.jsonl feeds the report's curves and entropy). */
  train_dir: nonEmpty.optional(),
  /** EntroPO's α (entro_alpha) and β (pref_beta) of the policy's training, for α-sensitivity figures. */
  entro_alpha: z.number().positive().optional(),
  pref_beta: z.number().positive().optional(),
  /** Where the policy's training wrote `trainer_log.jsonl` (a file or a directory), relative to the run directory. */
  trainer_log: nonEmpty.optional(),
  checkpoint: nonEmpty.optional(),
  /** A display name for the user's submission in Table 2. */
  label: nonEmpty.optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type RunJson = z.infer<typeof runJsonSchema>;

/** What `entropo rollout` writes: run.json with every field it owns set. */
export type RolloutRunJson = RunJson & Required<Pick<RunJson, "run_id" | "agent_kind" | "llm_url" | "sampling" | "limits" | "n" | "total_instances" | "created_at" | "updated_at">>;

/** An older entropo wrote `entropo train`'s record as run.json in the training output directory; it is no run. */
function isTrainingRecord(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>).command === "train";
}

/** Validates run.json's value; a training record left under the old name gets its own message. */
function parseRunJson(value: unknown, file: string): RunJson {
  if (isTrainingRecord(value)) {
    throw new InputError("this run.json is the record of an `entropo train` output directory (older entropo wrote it under this name; it is now entropo-train.json), not a rollout run", {
      file,
      field: "command",
      hint: "pass a run directory written by `entropo rollout` (or one with a hand-written run.json); record the policy's training directory in its run.json as train_dir",
    });
  }
  return parseWithSchema(runJsonSchema, value, { file });
}

/** Reads `DIR/run.json` if present (null otherwise), validated: errors name the file and the field. */
export async function readRunJsonIfPresent(runDir: string): Promise<RunJson | null> {
  const file = join(runDir, runFiles.runJson);
  const value = await readJsonIfPresent(file);
  return value === undefined ? null : parseRunJson(value, file);
}

/** Reads `DIR/run.json`, which must exist; errors name the file and the failing field. */
export async function readRunJson(runDir: string): Promise<RunJson> {
  const found = await readRunJsonIfPresent(runDir);
  if (found !== null) return found;
  throw new InputError(`run directory ${runDir} has no run.json`, {
    file: join(runDir, runFiles.runJson),
    field: "run.json",
    hint: "`entropo rollout` writes run.json; for other trajectories write one with model, stage, benchmark and run_index",
  });
}

/** True when `dir` holds a run.json (a run directory, or an old training directory whose record is named run.json). */
export function hasRunJson(dir: string): boolean {
  return existsSync(join(dir, runFiles.runJson));
}

/** Writes `DIR/run.json` atomically: validated against the schema, known secret values masked. */
export async function writeRunJson(runDir: string, value: RolloutRunJson, secrets: readonly string[]): Promise<void> {
  await writeJsonWithSchema(join(runDir, runFiles.runJson), runJsonSchema, value, secrets);
}

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

/** Refuses to resume a run directory with a different model or sampling (it would mix two policies in one run). */
export function checkResumable(file: string, existing: RunJson, next: RolloutRunJson): void {
  if (existing.model !== next.model) {
    throw new InputError(`run directory was created with model ${JSON.stringify(existing.model)}, this run uses ${JSON.stringify(next.model)}`, {
      file,
      field: "model",
      hint: "use another --out directory for another model",
    });
  }
  for (const key of ["temperature", "top_p", "top_k", "max_tokens", "seed"] as const) {
    const before = existing.sampling?.[key] ?? null;
    if (before !== (next.sampling[key] ?? null)) {
      throw new InputError(`run directory was created with ${key}=${String(before)}, this run uses ${String(next.sampling[key])}`, {
        file,
        field: `sampling.${key}`,
        hint: "use another --out directory for other sampling settings",
      });
    }
  }
}
