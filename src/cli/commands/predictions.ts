// `entropo predictions`: SWE-bench predictions from one rollout per task of one or more run directories.
import type { Command } from "commander";
import { integerOption } from "../../core/options.js";
import { writePredictions } from "../../rollouts/predictions.js";
import { parsePatchMode } from "../../trajectories/clean-patch.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type PredictionsCliOptions = { runs: string[]; out: string; rolloutIndex: string; patch: string; json?: boolean };

/** Registers `entropo predictions --runs DIR... --out FILE [--rollout-index K] [--patch r2e|raw]`. */
export function registerPredictionsCommand(program: Command, state: CommandState): void {
  program
    .command("predictions")
    .description("write SWE-bench predictions ({instance_id, model_name_or_path, model_patch}) from rollout K of every task")
    .requiredOption("--runs <dirs...>", "run directories (or trajectories.jsonl files); their tasks are pooled, a rollout in two of them is an error")
    .requiredOption("--out <file>", "predictions file: JSONL, or a JSON array when it ends in .json")
    .option("--rollout-index <k>", "which rollout of each task", "0")
    .option("--patch <kind>", "r2e: R2E's true_output_patch (.py files edited with str_replace); raw: the whole git diff", "r2e")
    .option("--json", "print events as NDJSON")
    .action(async (options: PredictionsCliOptions) => {
      state.exitCode = await runEventCommand(Boolean(options.json), "predictions", async function* () {
        const rolloutIndex = integerOption("--rollout-index", options.rolloutIndex, 0, "a non-negative integer");
        const patch = parsePatchMode("--patch", options.patch);
        yield* writePredictions({ runs: options.runs, out: options.out, rolloutIndex, patch });
      });
    });
}
