// `entropo experiment`'s options: one schema for the CLI (`entropo experiment entropy --out DIR ...`) and the
// pipeline's experiment stage (`with:`); errors name the option (or the file and field), expected and received.
import { z } from "zod";
import { optionValue, parseFlags, parseSettings, type OptionNames, type SettingsWhere } from "../core/option-schema.js";

export const experimentOptionsSchema = z.object({
  name: optionValue.oneOf(["entropy"], "entropy"),
  out: optionValue.text("an output directory"),
  /** The CI-sized sweep (the command's default: off; the stage's: on). */
  quick: optionValue.flag().optional(),
  jobs: optionValue.integer(1).optional(),
  seeds: optionValue.integer(0).optional(),
});
export type ExperimentOptions = z.infer<typeof experimentOptionsSchema>;

const names: OptionNames<keyof ExperimentOptions> = { name: { flag: "<name>" } };

/** Reads `entropo experiment NAME`'s flags (the name is the command's argument). */
export function experimentOptionsFromFlags(name: string, flags: Record<string, unknown>): ExperimentOptions {
  return parseFlags(experimentOptionsSchema, { ...flags, "<name>": name }, names);
}

/** Reads an experiment stage's settings; errors name the file and the field. */
export function experimentOptionsFromSettings(settings: Record<string, unknown>, where: SettingsWhere): ExperimentOptions {
  return parseSettings(experimentOptionsSchema, settings, where, names);
}
