// `entropo rollout`'s options: one schema for the CLI flags and the pipeline's rollout stage (`with:`), then the
// checks across options; every error names the option, what it expects and what it got.
import { z } from "zod";
import { badOptionValue } from "../core/errors.js";
import { optionValue, parseFlags, parseSettings, type OptionNames, type SettingsWhere } from "../core/option-schema.js";
import { withoutUndefined } from "../core/options.js";
import type { SamplingParams } from "../llm/llm-client.js";
import { defaultSwebenchGrading, gradingModes, swebenchVersions, type SwebenchGrading } from "../tasks/swebench-version.js";
import type { RolloutLimits } from "./limits.js";

const positive = () => optionValue.integer(1).optional();
const [firstGradingMode = "swebench", ...otherGradingModes] = gradingModes;

/** The options of a rollout run, as flags (`--max-steps`) or stage settings (`max_steps`); numbers as numbers or text. */
export const rolloutOptionsSchema = z.object({
  tasks: optionValue.text("a task source: builtin, a task directory, SWE-bench/R2E rows or hf:ID"),
  llmUrl: z.string().optional(),
  model: z.string().optional(),
  n: optionValue.integer(1).default(1),
  concurrency: optionValue.integer(1).default(1),
  out: optionValue.text("a run directory"),
  maxSteps: positive(),
  maxStepsAbsolute: positive(),
  maxTokenLimit: positive(),
  maxExecTime: positive(),
  maxTotalTime: positive(),
  maxLlmTime: positive(),
  temperature: optionValue.number("a number in [0, 2]", (value) => value >= 0 && value <= 2).optional(),
  topP: optionValue.number("a number in [0, 1]", (value) => value >= 0 && value <= 1).optional(),
  topK: optionValue.integer(-1).optional(),
  maxTokens: positive(),
  seed: optionValue.integer(0).optional(),
  /** Checked after parsing, so that an API key passed here by mistake is never echoed. */
  apiKeyEnv: z.string().default("OPENAI_API_KEY"),
  maxRetries: optionValue.integer(0).default(5),
  teacher: optionValue.oneOf(["scripted"], '"scripted"').optional(),
  stage: z.string().optional(),
  benchmark: z.string().optional(),
  runIndex: optionValue.integer(0).optional(),
  runId: z.string().optional(),
  limit: positive(),
  /** Comma-separated task ids. */
  ids: z.string().optional(),
  gradeTimeout: positive(),
  trainDir: z.string().optional(),
  swebenchImages: optionValue.oneOf(["swebench", "r2e"]).optional(),
  grading: optionValue.oneOf([firstGradingMode, ...otherGradingModes]).optional(),
  swebenchVersion: optionValue.oneOf(swebenchVersions).optional(),
  prompts: z.string().optional(),
});
export type RolloutOptionValues = z.infer<typeof rolloutOptionsSchema>;
/** What commander hands over (text, unchecked) or a stage gives (YAML values); `json` is the CLI's own. */
export type RawRolloutOptions = { [Key in keyof RolloutOptionValues]?: string | number } & { tasks: string; out: string; json?: boolean };

/** Names that differ from the defaults (`--kebab-case` flag, snake_case setting). */
export const rolloutOptionNames: OptionNames<keyof RolloutOptionValues> = { n: { flag: "-n" } };

export type ParsedRolloutOptions = {
  tasks: string;
  teacher: "scripted" | null;
  llmUrl: string | null;
  model: string;
  n: number;
  concurrency: number;
  out: string;
  limits: Partial<RolloutLimits>;
  sampling: SamplingParams;
  apiKeyEnv: string;
  maxRetries: number;
  stage?: string;
  benchmark?: string;
  runIndex?: number;
  runId?: string;
  limit?: number;
  ids?: string[];
  swebenchImages?: "swebench" | "r2e";
  /** Grading of SWE-bench rows (default: swebench 5.0.2's official verdict). */
  swebenchGrading?: SwebenchGrading;
  promptsFile?: string;
  gradeTimeoutSeconds?: number;
  trainDir?: string;
};

/** Reads `entropo rollout`'s flags (commander's strings). */
export function parseRolloutOptions(raw: RawRolloutOptions): ParsedRolloutOptions {
  return resolveRolloutOptions(parseFlags(rolloutOptionsSchema, raw, rolloutOptionNames));
}

/** Reads a pipeline rollout stage's settings (`with:`); errors name the file and the field. */
export function rolloutOptionsFromSettings(settings: Record<string, unknown>, where: SettingsWhere): RolloutOptionValues {
  return parseSettings(rolloutOptionsSchema, settings, where, rolloutOptionNames);
}

/** Checks the options against each other and turns them into the runner's limits and sampling. */
export function resolveRolloutOptions(values: RolloutOptionValues): ParsedRolloutOptions {
  const teacher = values.teacher ?? null;
  if (teacher === null && (values.llmUrl === undefined || values.llmUrl.trim() === "")) throw badOptionValue("--llm-url", "the policy endpoint URL (or --teacher scripted)", values.llmUrl ?? null);
  if (teacher === null && (values.model === undefined || values.model.trim() === "")) throw badOptionValue("--model", "the model name served at --llm-url", values.model ?? null);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(values.apiKeyEnv)) throw badOptionValue("--api-key-env", "an environment variable NAME (not the key itself)", values.apiKeyEnv.slice(0, 4) + "…");
  const limits = withoutUndefined<Partial<RolloutLimits>>({
    maxSteps: values.maxSteps,
    maxStepsAbsolute: values.maxStepsAbsolute,
    maxTokenLimit: values.maxTokenLimit,
    commandTimeoutSeconds: values.maxExecTime,
    maxTotalTimeSeconds: values.maxTotalTime,
    maxLlmTimeSeconds: values.maxLlmTime,
  });
  const sampling = withoutUndefined<SamplingParams>({ temperature: values.temperature, topP: values.topP, topK: values.topK, maxTokens: values.maxTokens, seed: values.seed });
  const ids = values.ids === undefined ? undefined : values.ids.split(",").map((id) => id.trim()).filter((id) => id !== "");
  return withoutUndefined<ParsedRolloutOptions>({
    tasks: values.tasks,
    teacher,
    llmUrl: teacher === null ? (values.llmUrl ?? null) : null,
    model: teacher === null ? (values.model ?? "") : "scripted-teacher",
    n: values.n,
    concurrency: values.concurrency,
    out: values.out,
    limits,
    sampling,
    apiKeyEnv: values.apiKeyEnv,
    maxRetries: values.maxRetries,
    stage: values.stage ?? (teacher === null ? undefined : "teacher"),
    benchmark: values.benchmark,
    runIndex: values.runIndex,
    runId: values.runId,
    limit: values.limit,
    ids,
    gradeTimeoutSeconds: values.gradeTimeout,
    trainDir: values.trainDir,
    swebenchImages: values.swebenchImages,
    swebenchGrading: swebenchGrading(values.grading, values.swebenchVersion),
    promptsFile: values.prompts,
  });
}

/** `--grading` and `--swebench-version` (undefined when neither is given: the default applies). */
function swebenchGrading(mode: SwebenchGrading["mode"] | undefined, version: SwebenchGrading["version"] | undefined): SwebenchGrading | undefined {
  if (mode === undefined && version === undefined) return undefined;
  return { mode: mode ?? defaultSwebenchGrading.mode, version: version ?? defaultSwebenchGrading.version };
}
