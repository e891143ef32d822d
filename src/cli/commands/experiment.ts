// `entropo experiment entropy [--quick] --out DIR [--jobs N] [--seeds N] [--json]`: the controlled entropy experiment.
import type { Command } from "commander";
import { withoutUndefined } from "../../core/options.js";
import { experimentOptionsFromFlags } from "../../experiments/experiment-options.js";
import { runEntropyExperiment } from "../../experiments/run-entropy-experiment.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

/** Registers `entropo experiment`. */
export function registerExperimentCommand(program: Command, state: CommandState): void {
  program
    .command("experiment")
    .description("recorded experiments: `entropy` (does α raise the policy's entropy as EntroPO's optimum says? docs/science-check.md)")
    .argument("<name>", "the experiment: entropy")
    .requiredOption("--out <dir>", "output directory (result.json, report.md, figures/, work/ for resuming)")
    .option("--quick", "the CI-sized sweep: EntroPO-DPO only, 150 steps (≈3 min on 2 cores)")
    .option("--jobs <n>", "training processes side by side (default: min(2, cores))")
    .option("--seeds <n>", "seeds per (loss, α) cell (default 3; 0 = fixed-point part only)")
    .option("--json", "print events as NDJSON")
    .action(async (name: string, flags: Record<string, unknown>) => {
      state.exitCode = await runEventCommand(flags.json === true, "experiment", ({ signal }) => {
        const { name: _name, ...options } = experimentOptionsFromFlags(name, flags);
        return runEntropyExperiment({ ...withoutUndefined(options), quick: options.quick === true, signal });
      });
    });
}
