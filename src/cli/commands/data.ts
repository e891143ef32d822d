// `entropo data sft|dpo|kto|verifier|stats|records`: builds LLaMA-Factory datasets (or canonical records) from trajectories.
import type { Command } from "commander";
import { badOptionValue } from "../../core/errors.js";
import { integerOption, withoutUndefined } from "../../core/options.js";
import { buildDataset, datasetKinds, type BuildDatasetOptions, type DatasetKind } from "../../datasets/build-dataset.js";
import { actionFormats, type ActionFormat } from "../../datasets/sharegpt.js";
import { pairScopes, recipes, type PairScope, type Recipe } from "../../datasets/recipes.js";
import { inputFormats, type InputFormat } from "../../trajectories/read-trajectories.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type DataFlags = {
  input: string[];
  rewards?: string;
  out: string;
  name: string;
  template: string;
  cutoffLen?: string;
  tokenizer?: string;
  skipInvalid?: boolean;
  json?: boolean;
  format: string;
  actionFormat: string;
  fileFormat: string;
  includeFailed?: boolean;
  pairsPerInstance?: string;
  seed: string;
  onlyFinished?: boolean;
  recipe?: string;
  pairScope?: string;
  exitReason: string[];
  excludeExitReason: string[];
  minSteps?: string;
  maxSteps?: string;
  dedup?: boolean;
  verifierMaxTokens?: string;
  tokens: boolean;
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Maps CLI flags to buildDataset options, checking every value. */
function dataOptions(kind: DatasetKind, flags: DataFlags): BuildDatasetOptions {
  if (!(inputFormats as readonly string[]).includes(flags.format)) throw badOptionValue("--format", inputFormats.join("|"), flags.format);
  if (flags.fileFormat !== "json" && flags.fileFormat !== "jsonl") throw badOptionValue("--file-format", "json|jsonl", flags.fileFormat);
  if (!(actionFormats as readonly string[]).includes(flags.actionFormat)) throw badOptionValue("--action-format", actionFormats.join("|"), flags.actionFormat);
  if (flags.recipe !== undefined && !(recipes as readonly string[]).includes(flags.recipe)) throw badOptionValue("--recipe", recipes.join("|"), flags.recipe);
  if (flags.pairScope !== undefined && !(pairScopes as readonly string[]).includes(flags.pairScope)) throw badOptionValue("--pair-scope", pairScopes.join("|"), flags.pairScope);
  const numbers = {
    cutoffLen: integerOption("--cutoff-len", flags.cutoffLen, 0, "a non-negative integer"),
    pairsPerInstance: integerOption("--pairs-per-instance", flags.pairsPerInstance, 0, "a non-negative integer"),
    minSteps: integerOption("--min-steps", flags.minSteps, 0, "a non-negative integer"),
    maxSteps: integerOption("--max-steps", flags.maxSteps, 0, "a non-negative integer"),
    verifierMaxTokens: integerOption("--verifier-max-tokens", flags.verifierMaxTokens, 0, "a non-negative integer"),
    seed: integerOption("--seed", flags.seed, 0, "a non-negative integer"),
  };
  return {
    kind,
    inputs: flags.input,
    outDir: flags.out,
    name: flags.name,
    template: flags.template,
    format: flags.format as InputFormat,
    actionFormat: flags.actionFormat as ActionFormat,
    fileFormat: flags.fileFormat,
    skipInvalid: flags.skipInvalid === true,
    onlyFinished: flags.onlyFinished === true,
    dedup: flags.dedup === true,
    excludeExitReasons: flags.excludeExitReason,
    countTokens: flags.tokens,
    ...(flags.includeFailed === true ? { includeFailed: true } : {}),
    ...(flags.exitReason.length > 0 ? { exitReasons: flags.exitReason } : {}),
    ...(flags.recipe !== undefined ? { recipe: flags.recipe as Recipe } : {}),
    ...(flags.pairScope !== undefined ? { pairScope: flags.pairScope as PairScope } : {}),
    ...(flags.rewards !== undefined ? { rewards: flags.rewards } : {}),
    ...(flags.tokenizer !== undefined ? { tokenizer: flags.tokenizer } : {}),
    ...withoutUndefined(numbers),
  };
}

/** Registers `entropo data <kind>`. */
export function registerDataCommand(program: Command, state: CommandState): void {
  program
    .command("data")
    .description("build LLaMA-Factory datasets (sft, multi-turn dpo/kto, verifier), statistics, or canonical records (a run's trajectories.jsonl) from trajectories of any scaffold")
    .argument("<kind>", datasetKinds.join("|"))
    .requiredOption("--input <path...>", "trajectory files, directories or hf:OWNER/NAME[@REV] (repeatable); LABEL=PATH names the input's source")
    .option("--rewards <file>", "rewards: an R2E collection_summary.json or a {instance_or_file: reward} map")
    .requiredOption("--out <dir>", "output folder (dataset file + dataset_info.json)")
    .requiredOption("--name <name>", "dataset name (file NAME.json and dataset_info entry NAME; records: NAME.jsonl)")
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
    .option("--json", "print the event stream as NDJSON")
    .action(async (kind: string, flags: DataFlags) => {
      state.exitCode = await runEventCommand(flags.json === true, "data", ({ signal }) => {
        if (!(datasetKinds as readonly string[]).includes(kind)) throw badOptionValue("<kind>", datasetKinds.join("|"), kind);
        return buildDataset({ ...dataOptions(kind as DatasetKind, flags), signal });
      });
    });
}
