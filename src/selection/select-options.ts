// `entropo select`'s options: one schema for the CLI flags and the pipeline's select stage (`with:`), in selectRuns's
// names; every error names the option (or the file and field), what it expects and what it got.
import { z } from "zod";
import { optionValue, parseFlags, parseSettings, type OptionNames, type SettingsWhere } from "../core/option-schema.js";
import { hybridFilterNames, strategyNames, type HybridFilterName } from "./strategy.js";

const filtersExpected = `a comma-separated subset of ${hybridFilterNames.join(", ")} or "none"`;

/** `finished,verifier` (or `none`) → the hybrid filter chain. */
const filtersSchema = z.string({ error: filtersExpected }).transform((value, context) => {
  if (value.trim() === "none") return [];
  const names = value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.every((name) => (hybridFilterNames as readonly string[]).includes(name))) return names as HybridFilterName[];
  context.addIssue({ code: "custom", message: filtersExpected });
  return z.NEVER;
});

/** selectRuns's options (signal aside); selectRuns checks the ranges (threshold in [0, 1], fraction in (0, 1]). */
export const selectOptionsSchema = z.object({
  runs: optionValue.texts().min(1, "at least one run directory"),
  strategy: optionValue.oneOf(strategyNames, `one of ${strategyNames.join(", ")}`).default("verified"),
  out: optionValue.text("a predictions file"),
  verifierThreshold: optionValue.number("a number in [0, 1]").optional(),
  stepRule: optionValue.oneOf(["most", "fewest"], '"most" or "fewest"').optional(),
  filters: filtersSchema.optional(),
  topFraction: optionValue.number("a number in (0, 1]").optional(),
  seed: optionValue.integer(Number.NEGATIVE_INFINITY, "an integer").optional(),
  bestOfKTrials: optionValue.integer(0, "a non-negative integer").optional(),
  bootstrapSeed: optionValue.integer(Number.NEGATIVE_INFINITY, "an integer").optional(),
  patchMode: optionValue.oneOf(["r2e", "raw"], '"r2e" or "raw"').optional(),
  modelName: z.string().optional(),
});
export type SelectOptions = z.infer<typeof selectOptionsSchema>;

/**
 * Names other than `--kebab-case` / snake_case of the option. The stage's `seed` is the bootstrap seed (as documented
 * in docs/pipeline.md); the random strategy's seed is `random_seed` there.
 */
export const selectOptionNames: OptionNames<keyof SelectOptions> = {
  verifierThreshold: { flag: "--threshold", setting: "threshold" },
  bestOfKTrials: { flag: "--trials", setting: "trials" },
  patchMode: { flag: "--patch", setting: "patch" },
  bootstrapSeed: { setting: "seed" },
  seed: { setting: "random_seed" },
};

/** Reads `entropo select`'s flags (commander's values). */
export function selectOptionsFromFlags(flags: Record<string, unknown>): SelectOptions {
  return parseFlags(selectOptionsSchema, flags, selectOptionNames);
}

/** Reads a select stage's settings; errors name the file and the field. */
export function selectOptionsFromSettings(settings: Record<string, unknown>, where: SettingsWhere): SelectOptions {
  return parseSettings(selectOptionsSchema, settings, where, selectOptionNames);
}
