// `entropo verify`: adds regression results and/or verifier probabilities to the records of run directories.
import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import { verifyRunsOptions } from "../../selection/verify-from-options.js";
import { verifyDefaults, verifyOptionsFromFlags } from "../../selection/verify-options.js";
import { verifyRuns } from "../../selection/verify-runs.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type VerifyCliOptions = Record<string, unknown> & { json?: boolean };

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
    .option("--regression-timeout <s>", "seconds the regression tests may run", String(verifyDefaults.regressionTimeout))
    .option("--regression-concurrency <n>", "sandboxes at once", String(verifyDefaults.regressionConcurrency))
    .option("--patch <kind>", "patch tested: r2e (true_output_patch, as R2E) or raw (the whole git diff)", verifyDefaults.patchMode)
    .option("--verifier-url <url>", "OpenAI-compatible endpoint serving the verifier (e.g. http://127.0.0.1:8083/v1)")
    .option("--verifier-model <name>", "model name the endpoint serves the verifier under")
    .option("--api-key-env <name>", "environment variable holding the endpoint's API key (never stored)", verifyDefaults.apiKeyEnv)
    .option("--verifier-concurrency <n>", "verifier requests at once", String(verifyDefaults.verifierConcurrency))
    .option("--tokenizer <id|dir>", "tokenizer that counts prompt tokens for condensing (default: bundled Qwen3)")
    .option("--max-prompt-tokens <n>", "R2E's judge input budget; older observations are condensed to fit", String(verifyDefaults.maxPromptTokens))
    .option("--json", "print events as NDJSON")
    .action(async (options: VerifyCliOptions) => {
      state.exitCode = await runEventCommand(
        Boolean(options.json),
        "verify",
        async function* ({ signal }) {
          return yield* verifyRuns(await verifyRunsOptions(verifyOptionsFromFlags(options), signal));
        },
        (result) => (result?.failed ?? 0) > 0 ? ExitCode.external : ExitCode.ok,
      );
    });
}
