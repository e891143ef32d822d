// `entropo demo`: the whole EntroPO recipe on the built-in mini benchmark with the tiny offline model (the README's first job).
import type { Command } from "commander";
import { runDemo } from "../../pipeline/run-demo.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

/** Registers `entropo demo [--out DIR] [--quick] [--force] [--json]`. */
export function registerDemoCommand(program: Command, state: CommandState): void {
  program
    .command("demo")
    .description("run the EntroPO recipe end to end on the built-in mini benchmark with a tiny offline model (CPU)")
    .option("--out <dir>", "output directory", "runs/demo")
    .option("--quick", "fewer tasks, rollouts and steps (CI)")
    .option("--force", "re-run every stage even when up to date")
    .option("--json", "print events as NDJSON")
    .action(async (options: { out: string; quick?: boolean; force?: boolean; json?: boolean }) => {
      state.exitCode = await runEventCommand(Boolean(options.json), "demo", ({ signal }) =>
        runDemo({ out: options.out, quick: Boolean(options.quick), force: options.force, signal }),
      );
    });
}
