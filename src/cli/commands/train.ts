// `entropo train --config FILE [--set k=v ...] [--nproc N] [--nnodes N --node-rank R --master-addr A] [--resume] [--json]`.
import type { Command } from "commander";
import { withoutUndefined } from "../../core/options.js";
import { trainOptionsFromFlags } from "../../training/train-options.js";
import { train } from "../../training/train.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

/** Registers `entropo train`. */
export function registerTrainCommand(program: Command, state: CommandState): void {
  program
    .command("train")
    .description("train with LLaMA-Factory + EntroPO: in-process (one device) or torchrun (--nproc/--nnodes); Ctrl-C checkpoints, --resume continues")
    .requiredOption("--config <file>", "LLaMA-Factory YAML config (plus entropo's keys: pref_loss: entropo, entro_alpha, multi_turn_kto, entropo_kto_form)")
    .option("--set <key=value>", "override a config key (repeatable)", (value: string, all: string[]) => [...all, value], [] as string[])
    .option("--nproc <n>", "processes per node (> 1 launches torchrun)")
    .option("--nnodes <n>", "number of nodes (torchrun)")
    .option("--node-rank <r>", "this node's rank (torchrun)")
    .option("--master-addr <addr>", "address of node 0 (torchrun, needed with --nnodes > 1)")
    .option("--resume", "continue from the last checkpoint in output_dir")
    .option("--json", "print events as NDJSON")
    .action(async (flags: Record<string, unknown>) => {
      state.exitCode = await runEventCommand(flags.json === true, "train", ({ signal }) => {
        const options = trainOptionsFromFlags(flags);
        return train({ ...withoutUndefined(options), resume: options.resume === true, signal });
      });
    });
}
