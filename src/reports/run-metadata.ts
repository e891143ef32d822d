// The `run.json` metadata of a run directory: zod schema and a loader whose errors name the directory and field.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseWithSchema } from "../util/jsonl.js";

const nonEmpty = z.string().trim().min(1, "must be a non-empty string");

/** What a report needs from `run.json`; rollout and train commands write more fields, which are kept. */
const runMetadataSchema = z.looseObject({
  model: nonEmpty,
  stage: nonEmpty,
  benchmark: nonEmpty,
  run_index: z.number().int().nonnegative(),
  /** EntroPO's α (entro_alpha) of the policy's training, for α-sensitivity figures. */
  entro_alpha: z.number().positive().optional(),
  pref_beta: z.number().positive().optional(),
  /** Sampling temperature of the rollouts, for the temperature figure. */
  temperature: z.number().nonnegative().optional(),
  /** Rollouts per instance the run was asked for. */
  n: z.number().int().positive().optional(),
  /** Size of the benchmark: instances without a trajectory count as unresolved. */
  total_instances: z.number().int().positive().optional(),
  /** Where the policy's training wrote `trainer_log.jsonl` (a file or a directory), relative to the run directory. */
  trainer_log: nonEmpty.optional(),
  train_dir: nonEmpty.optional(),
  checkpoint: nonEmpty.optional(),
  /** A display name for the user's submission in Table 2. */
  label: nonEmpty.optional(),
});
export type RunMetadata = z.infer<typeof runMetadataSchema>;

/** Reads and validates `DIR/run.json`; errors name the file and the failing field. */
export async function readRunMetadata(runDir: string): Promise<RunMetadata> {
  const file = join(runDir, "run.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`run directory ${runDir} has no readable run.json (${(error as NodeJS.ErrnoException).code ?? "error"})`, {
      file,
      field: "run.json",
      hint: "rollout and train commands write run.json; write one with model, stage, benchmark and run_index",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON (${(error as Error).message})`, { file });
  }
  return parseWithSchema(runMetadataSchema, value, { file });
}
