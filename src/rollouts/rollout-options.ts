// Parses and checks `entropo rollout` options; every error names the option, what it expects and what it got.
import { badOptionValue } from "../core/errors.js";
import { integerOption, numberOption, withoutUndefined } from "../core/options.js";
import type { SamplingParams } from "../llm/llm-client.js";
import { defaultSwebenchGrading, parseGradingMode, parseSwebenchVersion, type SwebenchGrading } from "../tasks/swebench-version.js";
import type { RolloutLimits } from "./limits.js";

export type RawRolloutOptions = {
  tasks: string;
  llmUrl?: string;
  model?: string;
  n: string;
  concurrency: string;
  out: string;
  maxSteps?: string;
  maxStepsAbsolute?: string;
  maxTokenLimit?: string;
  maxExecTime?: string;
  maxTotalTime?: string;
  maxLlmTime?: string;
  temperature?: string;
  topP?: string;
  topK?: string;
  maxTokens?: string;
  seed?: string;
  apiKeyEnv: string;
  maxRetries: string;
  teacher?: string;
  stage?: string;
  benchmark?: string;
  runIndex?: string;
  runId?: string;
  limit?: string;
  ids?: string;
  gradeTimeout?: string;
  trainDir?: string;
  swebenchImages?: string;
  grading?: string;
  swebenchVersion?: string;
  prompts?: string;
  json?: boolean;
};

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

/** Validates the raw commander values. */
export function parseRolloutOptions(raw: RawRolloutOptions): ParsedRolloutOptions {
  if (raw.teacher !== undefined && raw.teacher !== "scripted") throw badOptionValue("--teacher", '"scripted"', raw.teacher);
  const teacher = raw.teacher === "scripted" ? "scripted" : null;
  if (teacher === null && (raw.llmUrl === undefined || raw.llmUrl.trim() === "")) throw badOptionValue("--llm-url", "the policy endpoint URL (or --teacher scripted)", raw.llmUrl ?? null);
  if (teacher === null && (raw.model === undefined || raw.model.trim() === "")) throw badOptionValue("--model", "the model name served at --llm-url", raw.model ?? null);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw.apiKeyEnv)) throw badOptionValue("--api-key-env", "an environment variable NAME (not the key itself)", raw.apiKeyEnv.slice(0, 4) + "…");
  const limits = withoutUndefined<Partial<RolloutLimits>>({
    maxSteps: integerOption("--max-steps", raw.maxSteps, 1),
    maxStepsAbsolute: integerOption("--max-steps-absolute", raw.maxStepsAbsolute, 1),
    maxTokenLimit: integerOption("--max-token-limit", raw.maxTokenLimit, 1),
    commandTimeoutSeconds: integerOption("--max-exec-time", raw.maxExecTime, 1),
    maxTotalTimeSeconds: integerOption("--max-total-time", raw.maxTotalTime, 1),
    maxLlmTimeSeconds: integerOption("--max-llm-time", raw.maxLlmTime, 1),
  });
  const sampling = withoutUndefined<SamplingParams>({
    temperature: numberOption("--temperature", raw.temperature, "a number in [0, 2]", (value) => value >= 0 && value <= 2),
    topP: numberOption("--top-p", raw.topP, "a number in [0, 1]", (value) => value >= 0 && value <= 1),
    topK: integerOption("--top-k", raw.topK, -1),
    maxTokens: integerOption("--max-tokens", raw.maxTokens, 1),
    seed: integerOption("--seed", raw.seed, 0),
  });
  const ids = raw.ids === undefined ? undefined : raw.ids.split(",").map((id) => id.trim()).filter((id) => id !== "");
  return withoutUndefined<ParsedRolloutOptions>({
    tasks: raw.tasks,
    teacher,
    llmUrl: teacher === null ? (raw.llmUrl ?? null) : null,
    model: teacher === null ? (raw.model ?? "") : "scripted-teacher",
    n: integerOption("-n", raw.n, 1),
    concurrency: integerOption("--concurrency", raw.concurrency, 1),
    out: raw.out,
    limits,
    sampling,
    apiKeyEnv: raw.apiKeyEnv,
    maxRetries: integerOption("--max-retries", raw.maxRetries, 0),
    stage: raw.stage ?? (teacher === null ? undefined : "teacher"),
    benchmark: raw.benchmark,
    runIndex: integerOption("--run-index", raw.runIndex, 0),
    runId: raw.runId,
    limit: integerOption("--limit", raw.limit, 1),
    ids,
    gradeTimeoutSeconds: integerOption("--grade-timeout", raw.gradeTimeout, 1),
    trainDir: raw.trainDir,
    swebenchImages: swebenchImages(raw.swebenchImages),
    swebenchGrading: swebenchGrading(raw.grading, raw.swebenchVersion),
    promptsFile: raw.prompts,
  });
}

/** `--grading` and `--swebench-version` (undefined when neither is given: the default applies). */
function swebenchGrading(mode: string | undefined, version: string | undefined): SwebenchGrading | undefined {
  if (mode === undefined && version === undefined) return undefined;
  return { mode: parseGradingMode(mode) ?? defaultSwebenchGrading.mode, version: parseSwebenchVersion(version) ?? defaultSwebenchGrading.version };
}

/** Which public images SWE-bench rows run in: SWE-bench's own (default) or R2E's. */
function swebenchImages(value: string | undefined): "swebench" | "r2e" | undefined {
  if (value === undefined || value === "swebench" || value === "r2e") return value;
  throw badOptionValue("--swebench-images", "swebench or r2e", value);
}
