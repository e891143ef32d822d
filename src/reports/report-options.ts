// `entropo report`'s options: one schema for the CLI flags and the pipeline's report stage (`with:`), in buildReport's
// names; every error names the option (or the file and field), what it expects and what it got.
import { z } from "zod";
import { optionValue, parseFlags, parseSettings, type OptionNames, type SettingsWhere } from "../core/option-schema.js";
import type { ReportFormat } from "./build-report.js";

const formatsExpected = "a comma-separated list of md, html";
const isFormat = (value: string): value is ReportFormat => value === "md" || value === "html";

/** `md,html` (a flag) or [md, html] (a setting) → the formats; an unknown or empty one is named. */
const formatsSchema = z.union([z.string(), z.array(z.string())], { error: formatsExpected }).transform((value, context) => {
  const formats = (typeof value === "string" ? value.split(",") : value).map((part) => part.trim()).filter((part) => part !== "");
  if (formats.length > 0 && formats.every(isFormat)) return formats.filter(isFormat);
  context.addIssue({ code: "custom", message: formatsExpected });
  return z.NEVER;
});

/** buildReport's options (signal and clock aside). */
export const reportOptionsSchema = z.object({
  runs: optionValue.texts().default([]),
  outDir: optionValue.text("an output folder"),
  formats: formatsSchema.default(["md"]),
  /** Notices printed first: one text or a list. */
  notes: z
    .union([z.string(), z.array(z.string())], { error: "a text or a list of texts" })
    .transform((value) => (typeof value === "string" ? [value] : value))
    .optional(),
  experiments: optionValue.texts().default([]),
});
export type ReportOptionValues = z.infer<typeof reportOptionsSchema>;

/** Names other than `--kebab-case` / snake_case of the option. */
export const reportOptionNames: OptionNames<keyof ReportOptionValues> = {
  outDir: { flag: "--out", setting: "out" },
  formats: { flag: "--format" },
  experiments: { flag: "--experiment" },
  notes: { setting: "note" },
};

/** Reads `entropo report`'s flags (commander's values). */
export function reportOptionsFromFlags(flags: Record<string, unknown>): ReportOptionValues {
  return parseFlags(reportOptionsSchema, flags, reportOptionNames);
}

/** Reads a report stage's settings (runs, out, formats, note, experiments); errors name the file and the field. */
export function reportOptionsFromSettings(settings: Record<string, unknown>, where: SettingsWhere): ReportOptionValues {
  return parseSettings(reportOptionsSchema, settings, where, reportOptionNames);
}
