// `entropo run [FILE]`: runs the pipeline of entropo.yaml stage by stage, skipping stages that are up to date.
import type { Command } from "commander";
import { loadPipeline } from "../../pipeline/pipeline-config.js";
import { runPipeline } from "../../pipeline/run-pipeline.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type RunOptions = { stage?: string; from?: string; force?: boolean; out?: string; json?: boolean };

/** Registers `entropo run`. */
export function registerRunCommand(program: Command, state: CommandState): void {
  program
    .command("run")
    .description("run the pipeline of entropo.yaml (stages whose outputs are current are skipped; re-running resumes)")
    .argument("[file]", "pipeline file", "entropo.yaml")
    .option("--stage <name>", "run only this stage")
    .option("--from <name>", "start at this stage and continue")
    .option("--force", "re-run stages even when they are up to date")
    .option("--out <dir>", "override the pipeline's output directory")
    .option("--json", "print events as NDJSON")
    .action(async (file: string, options: RunOptions) => {
      state.exitCode = await runEventCommand(Boolean(options.json), "run", async function* ({ signal }) {
        const pipeline = await loadPipeline(file, options.out === undefined ? {} : { out: options.out });
        yield* runPipeline({ pipeline, stage: options.stage, from: options.from, force: options.force, signal });
      });
    });
}
