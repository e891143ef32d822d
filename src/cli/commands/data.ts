// `entropo data sft|dpo|kto|verifier|stats|records`: builds LLaMA-Factory datasets (or canonical records) from trajectories.
import type { Command } from "commander";
import { withoutUndefined } from "../../core/options.js";
import { buildDataset, datasetKinds } from "../../datasets/build-dataset.js";
import { pairScopes, recipes } from "../../datasets/recipes.js";
import { dataOptionsFromFlags } from "../../datasets/data-options.js";
import { inputFormats } from "../../trajectories/read-trajectories.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `entropo data <kind>`. */
export function registerDataCommand(program: Command, state: CommandState): void {
  program
    .command("data")
    .description("build LLaMA-Factory datasets (sft, multi-turn dpo/kto, verifier), statistics, or canonical records (a run's trajectories.jsonl) from trajectories of any scaffold")
    .argument("<kind>", datasetKinds.join("|"))
    .requiredOption("--input <path...>", "(required) trajectory files, directories or hf:OWNER/NAME[@REV] (repeatable); LABEL=PATH names the input's source")
    .option("--rewards <file>", "rewards: an R2E collection_summary.json or a {instance_or_file: reward} map")
    .requiredOption("--out <dir>", "(required) output folder (dataset file + dataset_info.json)")
    .requiredOption("--name <name>", "(required) dataset name (file NAME.json and dataset_info entry NAME; records: NAME.jsonl)")
    .option("--template <name>", "chat template used to count tokens", "qwen3_nothink")
    .option("--cutoff-len <n>", "drop (never truncate) examples longer than N tokens")
    .option("--tokenizer <path>", "local HF tokenizer folder (default: the bundled Qwen3 tokenizer, offline)")
    .option("--skip-invalid", "skip invalid records and report how many")
    .option("--format <format>", `input format: ${inputFormats.join("|")}`, "auto")
    .option("--action-format <format>", "tool calls as LLaMA-Factory function_call turns (native) or R2E <function=...> text (r2e)", "native")
    .option("--file-format <json|jsonl>", "dataset file format", "json")
    .option("--recipe <name>", `selection preset: ${recipes.join("|")} (authors: as the EntroPO authors' generate_*.py scripts)`)
    .option("--include-failed", "sft: keep unresolved trajectories too")
    .option("--pairs-per-instance <k>", "dpo: at most K resolved x failed pairs per instance (seeded sample)")
    .option("--pair-scope <scope>", `dpo: pair trajectories of one instance across all inputs, or only within one source or model: ${pairScopes.join("|")}`)
    .option("--seed <n>", "seed of the pair sampling", "42")
    .option("--only-finished", "keep only trajectories that exited through the finish tool")
    .option("--exit-reason <reason>", "keep only trajectories with this exit reason (repeatable)", collect, [])
    .option("--exclude-exit-reason <reason>", "drop trajectories with this exit reason (repeatable)", collect, [])
    .option("--min-steps <n>", "drop trajectories with fewer steps")
    .option("--max-steps <n>", "drop trajectories with more steps")
    .option("--dedup", "drop trajectories whose messages duplicate an earlier one")
    .option("--verifier-max-tokens <n>", "verifier: judge context the log is condensed to", "65536")
    .option("--no-tokens", "stats: skip the token-length distribution")
    .option("--workers <n>", "sft/dpo/kto: worker threads that read and convert records (default: one per CPU beside the main thread, at most 4, none for inputs under 32 MB; 0: none)")
    .option("--no-cache", "sft/dpo/kto with worker threads: prepare every record anew, neither reading nor writing the prepared-record cache ($ENTROPO_CACHE/data-prepared; ENTROPO_DATA_CACHE=0 does the same)")
    .option("--json", "print the event stream as NDJSON")
    .action(async (kind: string, flags: Record<string, unknown>) => {
      state.exitCode = await runEventCommand(flags.json === true, "data", ({ signal }) => buildDataset({ ...withoutUndefined(dataOptionsFromFlags(kind, flags)), signal }));
    });
}
