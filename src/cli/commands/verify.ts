// `entropo verify`: adds regression results and/or verifier probabilities to the records of run directories.
import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { badOptionValue, ExitCode } from "../../core/errors.js";
import { integerOption } from "../../core/options.js";
import { loadTokenCounter } from "../../datasets/token-counter.js";
import { createOpenAiClient } from "../../llm/openai-client.js";
import { createDockerSandboxFactory } from "../../sandbox/docker-sandbox.js";
import type { VerifyRunsOptions } from "../../selection/verify-runs.js";
import { verifyRuns } from "../../selection/verify-runs.js";
import { loadTasks } from "../../tasks/load-tasks.js";
import { defaultSwebenchGrading, parseGradingMode, parseSwebenchVersion } from "../../tasks/swebench-version.js";
import { parsePatchMode } from "../../trajectories/clean-patch.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type VerifyCliOptions = {
  runs: string[];
  regression?: boolean;
  tasks?: string;
  regressionTimeout: string;
  regressionConcurrency: string;
  patch: string;
  verifierUrl?: string;
  verifierModel?: string;
  apiKeyEnv: string;
  verifierConcurrency: string;
  tokenizer?: string;
  maxPromptTokens: string;
  grading?: string;
  swebenchVersion?: string;
  json?: boolean;
};

/** Builds verifyRuns options from the command line: loads tasks, the Docker factory, the judge client and the tokenizer. */
async function toVerifyOptions(options: VerifyCliOptions, signal: AbortSignal): Promise<VerifyRunsOptions> {
  const parsed: VerifyRunsOptions = { runs: options.runs, signal };
  const patchMode = parsePatchMode("--patch", options.patch);
  if (options.regression) {
    if (options.tasks === undefined) throw badOptionValue("--tasks", "the task source of the runs (builtin, quixbugs:PATH, a task dir or a row file) with --regression", null);
    const swebenchGrading = { mode: parseGradingMode(options.grading) ?? defaultSwebenchGrading.mode, version: parseSwebenchVersion(options.swebenchVersion) ?? defaultSwebenchGrading.version };
    const tasks = new Map((await loadTasks(options.tasks, { swebenchGrading })).map((task) => [task.id, task]));
    const runId = `verify-${randomUUID().slice(0, 8)}`;
    parsed.regression = {
      tasks,
      factory: createDockerSandboxFactory({ runId }),
      runId,
      timeoutSeconds: integerOption("--regression-timeout", options.regressionTimeout, 1, "a positive integer"),
      concurrency: integerOption("--regression-concurrency", options.regressionConcurrency, 1, "a positive integer"),
      patchMode,
    };
  }
  if (options.verifierUrl !== undefined) {
    if (options.verifierModel === undefined) throw badOptionValue("--verifier-model", "the served verifier model name with --verifier-url", null);
    const counter = await loadTokenCounter(options.tokenizer);
    parsed.verifier = {
      client: createOpenAiClient({ baseUrl: options.verifierUrl, model: options.verifierModel, apiKeyEnv: options.apiKeyEnv }),
      countTokens: (text) => counter.count(text),
      maxPromptTokens: integerOption("--max-prompt-tokens", options.maxPromptTokens, 1, "a positive integer"),
      concurrency: integerOption("--verifier-concurrency", options.verifierConcurrency, 1, "a positive integer"),
    };
  } else if (options.verifierModel !== undefined) {
    throw badOptionValue("--verifier-url", "the judge endpoint with --verifier-model", null);
  }
  return parsed;
}

/** Registers `entropo verify --runs DIR... [--regression --tasks SPEC] [--verifier-url URL --verifier-model NAME]`. */
export function registerVerifyCommand(program: Command, state: CommandState): void {
  program
    .command("verify")
    .description("score rollouts for test-time selection: regression tests in Docker and/or the execution-free verifier (resumable)")
    .requiredOption("--runs <dirs...>", "run directories (or trajectories.jsonl files) to score in place")
    .option("--regression", "run each candidate patch against its task's PASS_TO_PASS tests in a fresh sandbox")
    .option("--tasks <spec>", "task source of the runs: builtin, quixbugs:PATH, a task dir or a SWE-bench/R2E row file")
    .option("--grading <mode>", "SWE-bench rows: swebench (the official verdict, default) or lenient")
    .option("--swebench-version <version>", "SWE-bench rows: the swebench release whose grader to reproduce, 5.0.2 (default) or 4.1.0")
    .option("--regression-timeout <s>", "seconds the regression tests may run", "300")
    .option("--regression-concurrency <n>", "sandboxes at once", "2")
    .option("--patch <kind>", "patch tested: r2e (true_output_patch, as R2E) or raw (the whole git diff)", "r2e")
    .option("--verifier-url <url>", "OpenAI-compatible endpoint serving the verifier (e.g. http://127.0.0.1:8083/v1)")
    .option("--verifier-model <name>", "model name the endpoint serves the verifier under")
    .option("--api-key-env <name>", "environment variable holding the endpoint's API key (never stored)", "OPENAI_API_KEY")
    .option("--verifier-concurrency <n>", "verifier requests at once", "8")
    .option("--tokenizer <id|dir>", "tokenizer that counts prompt tokens for condensing (default: bundled Qwen3)")
    .option("--max-prompt-tokens <n>", "R2E's judge input budget; older observations are condensed to fit", "65536")
    .option("--json", "print events as NDJSON")
    .action(async (options: VerifyCliOptions) => {
      state.exitCode = await runEventCommand(
        Boolean(options.json),
        "verify",
        async function* ({ signal }) {
          return yield* verifyRuns(await toVerifyOptions(options, signal));
        },
        (result) => (result?.failed ?? 0) > 0 ? ExitCode.external : ExitCode.ok,
      );
    });
}
