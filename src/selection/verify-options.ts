// `entropo verify`'s options: one schema for the CLI flags and the pipeline's verify stage (`with:`); every error names
// the option (or the file, line and field), what it expects and what it got. Which signals run is checked here too.
import { z } from "zod";
import { badOptionValue, InputError } from "../core/errors.js";
import { flagOf, optionValue, parseFlags, parseSettings, settingError, settingOf, type OptionNames, type SettingsWhere } from "../core/option-schema.js";
import { gradingModes, swebenchVersions } from "../tasks/swebench-version.js";

/** Defaults shared by the flags' help and the stage (R2E: 300 s regression tests; 65536-token judge input). */
export const verifyDefaults = {
  regressionTimeout: 300,
  regressionConcurrency: 2,
  patchMode: "r2e",
  apiKeyEnv: "OPENAI_API_KEY",
  verifierConcurrency: 8,
  maxPromptTokens: 65536,
} as const;

const [firstGradingMode = "swebench", ...otherGradingModes] = gradingModes;
const positive = () => optionValue.integer(1, "a positive integer");

/** The options of `entropo verify` in their parsed form (paths as given). */
export const verifyOptionsSchema = z.object({
  runs: optionValue.texts().min(1, "at least one run directory"),
  regression: optionValue.flag().optional(),
  tasks: optionValue.text("a task source (builtin, quixbugs:PATH, a task dir or a row file)").optional(),
  grading: optionValue.oneOf([firstGradingMode, ...otherGradingModes]).optional(),
  swebenchVersion: optionValue.oneOf(swebenchVersions).optional(),
  regressionTimeout: positive().default(verifyDefaults.regressionTimeout),
  regressionConcurrency: positive().default(verifyDefaults.regressionConcurrency),
  patchMode: optionValue.oneOf(["r2e", "raw"], '"r2e" or "raw"').default(verifyDefaults.patchMode),
  verifierUrl: optionValue.text("an OpenAI-compatible endpoint URL").optional(),
  verifierModel: optionValue.text("the served verifier model name").optional(),
  apiKeyEnv: optionValue.text("an environment variable name").default(verifyDefaults.apiKeyEnv),
  verifierConcurrency: positive().default(verifyDefaults.verifierConcurrency),
  tokenizer: optionValue.text("a tokenizer id or a local tokenizer folder").optional(),
  maxPromptTokens: positive().default(verifyDefaults.maxPromptTokens),
});
export type VerifyOptions = z.infer<typeof verifyOptionsSchema>;
type VerifyKey = keyof VerifyOptions;

/** Names other than `--kebab-case` / snake_case of the option. */
export const verifyOptionNames: OptionNames<VerifyKey> = { patchMode: { flag: "--patch", setting: "patch" } };

/** A signal's missing companion: `key` is needed because `given` is set. */
type Missing = { key: VerifyKey; expected: string; given: VerifyKey };

/** The first option a signal needs but lacks (tasks with regression; url and model together), or none asked at all. */
function missingCompanion(options: VerifyOptions, name: (key: VerifyKey) => string): Missing | "no signal" | null {
  if (options.regression === true && options.tasks === undefined) {
    return { key: "tasks", expected: `the task source of the runs (builtin, quixbugs:PATH, a task dir or a row file) with ${name("regression")}`, given: "regression" };
  }
  if (options.verifierUrl !== undefined && options.verifierModel === undefined) return { key: "verifierModel", expected: `the served verifier model name with ${name("verifierUrl")}`, given: "verifierUrl" };
  if (options.verifierUrl === undefined && options.verifierModel !== undefined) return { key: "verifierUrl", expected: `the judge endpoint with ${name("verifierModel")}`, given: "verifierModel" };
  return options.regression !== true && options.verifierUrl === undefined ? "no signal" : null;
}

/** Reads `entropo verify`'s flags (commander's values); errors name the flag as badOptionValue does. */
export function verifyOptionsFromFlags(flags: Record<string, unknown>): VerifyOptions {
  const options = parseFlags(verifyOptionsSchema, flags, verifyOptionNames);
  const flag = (key: VerifyKey) => flagOf(key, verifyOptionNames);
  const missing = missingCompanion(options, flag);
  if (missing === "no signal") throw badOptionValue(`${flag("regression")} / ${flag("verifierUrl")}`, "at least one signal to compute", "neither");
  if (missing !== null) throw badOptionValue(flag(missing.key), missing.expected, null);
  return options;
}

/** Reads a verify stage's settings; errors name the file, the line of the setting (or of the one that needs it) and the field. */
export function verifyOptionsFromSettings(settings: Record<string, unknown>, where: SettingsWhere): VerifyOptions {
  const options = parseSettings(verifyOptionsSchema, settings, where, verifyOptionNames);
  const setting = (key: VerifyKey) => settingOf(key, verifyOptionNames);
  const missing = missingCompanion(options, (key) => `${setting(key)}${key === "regression" ? ": true" : ""}`);
  if (missing === null) return options;
  if (missing === "no signal") {
    throw settingError(`expects at least one signal: ${setting("regression")}: true or ${setting("verifierUrl")} (with ${setting("verifierModel")}), received neither`, where, []);
  }
  const line = where.lineOf?.([setting(missing.given)]);
  const field = where.field === undefined ? setting(missing.key) : `${where.field}.${setting(missing.key)}`;
  throw new InputError(`missing (expects ${missing.expected})`, line === undefined ? { file: where.file, field } : { file: where.file, line, field });
}
