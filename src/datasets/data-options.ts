// `entropo data`'s options: one schema for the CLI (`entropo data KIND --input ...`) and the pipeline's data stage
// (`with:`), in buildDataset's own names.
import { z } from "zod";
import { optionValue, parseFlags, parseSettings, type OptionNames, type SettingsWhere } from "../core/option-schema.js";
import { datasetKinds } from "./build-dataset.js";
import { pairScopes, recipes } from "./recipes.js";
import { actionFormats } from "./sharegpt.js";
import { inputFormats } from "../trajectories/input-formats.js";

const count = () => optionValue.integer(0, "a non-negative integer").optional();

/** buildDataset's options (signal and hub aside); paths as written (the pipeline resolves them against its file). */
export const dataOptionsSchema = z.object({
  kind: optionValue.oneOf(datasetKinds, datasetKinds.join("|")),
  inputs: optionValue.texts().min(1, "at least one trajectory file, directory or hf: id"),
  rewards: z.string().optional(),
  outDir: optionValue.text("an output folder"),
  name: optionValue.text("a dataset name"),
  template: z.string().optional(),
  cutoffLen: count(),
  tokenizer: z.string().optional(),
  skipInvalid: optionValue.flag().optional(),
  format: optionValue.oneOf(inputFormats, inputFormats.join("|")).optional(),
  actionFormat: optionValue.oneOf(actionFormats, actionFormats.join("|")).optional(),
  fileFormat: optionValue.oneOf(["json", "jsonl"], "json|jsonl").optional(),
  recipe: optionValue.oneOf(recipes, recipes.join("|")).optional(),
  includeFailed: optionValue.flag().optional(),
  pairsPerInstance: count(),
  pairScope: optionValue.oneOf(pairScopes, pairScopes.join("|")).optional(),
  seed: count(),
  onlyFinished: optionValue.flag().optional(),
  /** Keep only these exit reasons; an empty list keeps all. */
  exitReasons: optionValue
    .texts()
    .transform((reasons) => (reasons.length === 0 ? undefined : reasons))
    .optional(),
  excludeExitReasons: optionValue.texts().optional(),
  minSteps: count(),
  maxSteps: count(),
  dedup: optionValue.flag().optional(),
  verifierMaxTokens: count(),
  countTokens: optionValue.flag().optional(),
  /** sft/dpo/kto: worker threads (0: none; default: one per CPU beside the main thread, at most 4, none for small inputs). */
  workers: count(),
  /** sft/dpo/kto with worker threads: reuse prepared records from the cache (default true; --no-cache: off). */
  cache: optionValue.flag().optional(),
});
export type DataOptions = z.infer<typeof dataOptionsSchema>;

/** Flags named otherwise than `--kebab-case` of the option (the kind is the command's argument). */
export const dataOptionNames: OptionNames<keyof DataOptions> = {
  kind: { flag: "<kind>" },
  inputs: { flag: "--input" },
  outDir: { flag: "--out" },
  exitReasons: { flag: "--exit-reason" },
  excludeExitReasons: { flag: "--exclude-exit-reason" },
  countTokens: { flag: "--no-tokens" },
  cache: { flag: "--no-cache" },
};

/** Reads `entropo data KIND`'s flags (commander's values; the kind is the argument). */
export function dataOptionsFromFlags(kind: string, flags: Record<string, unknown>): DataOptions {
  return parseFlags(dataOptionsSchema, { ...flags, "<kind>": kind }, dataOptionNames);
}

/** Reads a data stage's settings (`with:`, snake_case: out_dir, cutoff_len, ...); errors name the file and the field. */
export function dataOptionsFromSettings(settings: Record<string, unknown>, where: SettingsWhere): DataOptions {
  return parseSettings(dataOptionsSchema, settings, where, dataOptionNames);
}
