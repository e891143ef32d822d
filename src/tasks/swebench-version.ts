// Which SWE-bench grading rules apply: the official harness of a named `swebench` release, or entropo's lenient rules.
import { badOptionValue } from "../core/errors.js";

/** The `swebench` releases whose grading entropo reproduces (4.1.0 is the last one that also generates eval scripts). */
export const swebenchVersions = ["4.1.0", "5.0.2"] as const;
export type SwebenchVersion = (typeof swebenchVersions)[number];
/** The newest supported release, the default of `--swebench-version`. */
export const defaultSwebenchVersion: SwebenchVersion = "5.0.2";

/**
 * `swebench`: the official verdict of the named release, rule for rule (markers, colour codes, skips).
 * `lenient`: entropo's earlier rules (ANSI stripped, a missing marker tolerated, a skipped test counts as neither).
 */
export type GradingMode = "swebench" | "lenient";
export const gradingModes: readonly GradingMode[] = ["swebench", "lenient"];

export type SwebenchGrading = { mode: GradingMode; version: SwebenchVersion };
export const defaultSwebenchGrading: SwebenchGrading = { mode: "swebench", version: defaultSwebenchVersion };

/** Parses `--grading` (undefined keeps the default). */
export function parseGradingMode(value: string | undefined, option = "--grading"): GradingMode | undefined {
  if (value === undefined) return undefined;
  if ((gradingModes as readonly string[]).includes(value)) return value as GradingMode;
  throw badOptionValue(option, gradingModes.join(" or "), value);
}

/** Parses `--swebench-version` (undefined keeps the default). */
export function parseSwebenchVersion(value: string | undefined, option = "--swebench-version"): SwebenchVersion | undefined {
  if (value === undefined) return undefined;
  if ((swebenchVersions as readonly string[]).includes(value)) return value as SwebenchVersion;
  throw badOptionValue(option, swebenchVersions.join(" or "), value);
}
