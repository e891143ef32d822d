// `entropo experiment entropy [--quick] --out DIR [--jobs N] [--seeds N] [--json]`: the controlled entropy experiment.
import type { Command } from "commander";
import { badOptionValue } from "../../core/errors.js";
import { integerOption, withoutUndefined } from "../../core/options.js";
import { runEntropyExperiment } from "../../experiments/run-entropy-experiment.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type ExperimentFlags = { out: string; quick?: boolean; jobs?: string; seeds?: string; json?: boolean };

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
    .action(async (name: string, flags: ExperimentFlags) => {
      state.exitCode = await runEventCommand(flags.json === true, "experiment", ({ signal }) => {
        if (name !== "entropy") throw badOptionValue("<name>", "entropy", name);
        const counts = { jobs: integerOption("--jobs", flags.jobs, 1), seeds: integerOption("--seeds", flags.seeds, 0) };
        return runEntropyExperiment({ out: flags.out, quick: flags.quick === true, signal, ...withoutUndefined(counts) });
      });
    });
}
