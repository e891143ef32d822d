// Each stage kind's `with:` read through its command's options schema. The pipeline checks every stage with these when
// its file is loaded (before any stage runs), and each stage reads its settings with the same function when it runs.
import { z } from "zod";
import { settingError, type SettingsWhere } from "../core/option-schema.js";
import { dataOptionsFromSettings } from "../datasets/data-options.js";
import { experimentOptionsFromSettings } from "../experiments/experiment-options.js";
import { reportOptionsFromSettings } from "../reports/report-options.js";
import { rolloutOptionsFromSettings, type RolloutOptionValues } from "../rollouts/rollout-options.js";
import { selectOptionsFromSettings } from "../selection/select-options.js";
import { verifyOptionsFromSettings } from "../selection/verify-options.js";
import { trainOptionsFromSettings } from "../training/train-options.js";
import { firstIssueOf, safeParseReporting } from "../util/zod-issue.js";
import type { StageKind } from "./pipeline-config.js";

const commandSchema = z.strictObject({
  run: z.array(z.string()).min(1),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
});

/** The rollout stage's own setting: serve the policy for the stage (LLaMA-Factory's API server) instead of an llm_url. */
const serveSchema = z.strictObject({ model: z.string(), adapter: z.string().optional(), template: z.string(), max_new_tokens: z.number().int().positive().optional() });
export type ServeSettings = z.infer<typeof serveSchema>;

/** `settings` read with `schema`; an error names the file, the setting's line and field, expected and received. */
function parseWith<T extends z.ZodType>(schema: T, settings: unknown, where: SettingsWhere, prefix: readonly string[] = []): z.infer<T> {
  const result = safeParseReporting(schema, settings);
  if (result.success) return result.data;
  const { path, message } = firstIssueOf(result.error);
  throw settingError(message, where, [...prefix, ...path]);
}

/** A command stage's settings: run (argv), cwd, env. */
export function commandSettings(settings: Record<string, unknown>, where: SettingsWhere): z.infer<typeof commandSchema> {
  return parseWith(commandSchema, settings, where);
}

/** A rollout stage's settings: `entropo rollout`'s options and, instead of teacher or llm_url, `serve`. */
export function rolloutSettings(settings: Record<string, unknown>, where: SettingsWhere): { values: RolloutOptionValues; serve?: ServeSettings } {
  const { serve, ...options } = settings;
  const policies = [options.teacher, options.llm_url, serve].filter((policy) => policy !== undefined).length;
  if (policies !== 1) {
    const given = policies === 0 ? "none" : ["teacher", "llm_url", "serve"].filter((name) => (name === "serve" ? serve : options[name]) !== undefined).join(", ");
    throw settingError(`expects exactly one policy: teacher, llm_url (with model) or serve, received ${given}`, where, []);
  }
  const values = rolloutOptionsFromSettings(options, where);
  return serve === undefined ? { values } : { values, serve: parseWith(serveSchema, serve, where, ["serve"]) };
}

/** Reads the settings of a stage of each kind (throws the InputError of the first bad one). */
const readers: Record<StageKind, (settings: Record<string, unknown>, where: SettingsWhere) => unknown> = {
  command: commandSettings,
  data: dataOptionsFromSettings,
  train: trainOptionsFromSettings,
  rollout: rolloutSettings,
  verify: verifyOptionsFromSettings,
  select: selectOptionsFromSettings,
  report: reportOptionsFromSettings,
  experiment: experimentOptionsFromSettings,
};

/** Checks a stage's `with:` (its `${var}`s already replaced) as its kind reads it; errors name FILE:LINE and the field. */
export function checkStageSettings(kind: StageKind, settings: Record<string, unknown>, where: SettingsWhere): void {
  readers[kind](settings, where);
}
