// `entropo select`: one SWE-bench prediction per instance chosen by a test-time-scaling strategy, plus its summary.
import type { Command } from "commander";
import { withoutUndefined } from "../../core/options.js";
import { selectOptionsFromFlags } from "../../selection/select-options.js";
import { selectRuns } from "../../selection/select-runs.js";
import type { SelectRunsOptions } from "../../selection/select-runs.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type SelectCliOptions = {
  runs: string[];
  strategy: string;
  out: string;
  threshold?: string;
  stepRule?: string;
  filters?: string;
  topFraction?: string;
  seed?: string;
  trials: string;
  bootstrapSeed?: string;
  patch: string;
  modelName?: string;
  json?: boolean;
};

/** Turns the command-line strings into selectRuns options (every value checked against the select options schema). */
export function toSelectRunsOptions(options: SelectCliOptions): SelectRunsOptions {
  return withoutUndefined(selectOptionsFromFlags(options));
}

/** Registers `entropo select --runs DIR... --strategy NAME --out FILE.jsonl`. */
export function registerSelectCommand(program: Command, state: CommandState): void {
  program
    .command("select")
    .description("pick one rollout per instance (verified | lite | r2e-hybrid | verifier | random | oracle) and write SWE-bench predictions")
    .requiredOption("--runs <dirs...>", "run directories (or trajectories.jsonl files); rollouts of an instance are pooled")
    .requiredOption("--strategy <name>", "verified | lite | r2e-hybrid | verifier | random | oracle")
    .requiredOption("--out <file>", "predictions JSONL; selection.json and best-of-k.json are written beside it")
    .option("--threshold <p>", "verifier filter: keep verifier_prob strictly above p", "0.01")
    .option("--step-rule <rule>", "final pick of verified/lite: most | fewest steps (default most for verified, fewest for lite)")
    .option("--filters <list>", "hybrid filter chain, comma-separated subset of finished,regression,reproduction,verifier, or none")
    .option("--top-fraction <f>", "r2e-hybrid: fraction kept by the first verifier cut", "0.5")
    .option("--seed <n>", "seed of the random strategy", "0")
    .option("--trials <n>", "bootstrap trials of the best-of-K analysis (0 skips it)", "1000")
    .option("--bootstrap-seed <n>", "seed of the bootstrap draws", "0")
    .option("--patch <kind>", "r2e: R2E's true_output_patch; raw: the whole git diff", "r2e")
    .option("--model-name <name>", "model_name_or_path of the predictions (default: the record's exp_name or model)")
    .option("--json", "print events as NDJSON")
    .action(async (options: SelectCliOptions) => {
      state.exitCode = await runEventCommand(Boolean(options.json), "select", ({ signal }) => selectRuns({ ...toSelectRunsOptions(options), signal }));
    });
}
