// `entropo rollout`: N agent rollouts per task in Docker sandboxes against an OpenAI-compatible policy (or the scripted teacher).
import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import { rolloutFromOptions } from "../../rollouts/rollout-from-options.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";
import { parseRolloutOptions, type RawRolloutOptions } from "../../rollouts/rollout-options.js";

/** Registers `entropo rollout`. */
export function registerRolloutCommand(program: Command, state: CommandState): void {
  program
    .command("rollout")
    .description("run N agent rollouts per task (C at a time, one container each), grade them, append to OUT/trajectories.jsonl; re-running resumes")
    .requiredOption("--tasks <spec>", "task source: a directory of task dirs, SWE-bench/R2E rows (JSON, JSONL, hf:ID), or builtin")
    .option("--llm-url <url>", "OpenAI-compatible endpoint of the policy, e.g. http://127.0.0.1:8000/v1")
    .option("--model <name>", "model name served at --llm-url")
    .option("-n, --n <count>", "rollouts per task", "1")
    .option("--concurrency <count>", "rollouts (containers) at a time", "1")
    .requiredOption("--out <dir>", "run directory (trajectories.jsonl, run.json, events.ndjson)")
    .option("--max-steps <n>", "soft step limit (Steps Remaining note), R2E default 40")
    .option("--max-steps-absolute <n>", "hard step limit, R2E default 50")
    .option("--max-token-limit <n>", "token limit of one call (prompt + completion), default 65536")
    .option("--max-exec-time <s>", "seconds per tool command, default 90")
    .option("--max-total-time <s>", "seconds of LLM + tool time per trajectory, default 50000")
    .option("--max-llm-time <s>", "seconds one LLM request may take, default 7200")
    .option("--temperature <t>", "sampling temperature (paper: 0.7)")
    .option("--top-p <p>", "nucleus sampling (paper: 0.8)")
    .option("--top-k <k>", "top-k sampling, sent as an extra body field (paper: 20)")
    .option("--max-tokens <n>", "max new tokens per assistant turn")
    .option("--seed <n>", "sampling seed")
    .option("--api-key-env <name>", "environment variable that holds the API key (never stored)", "OPENAI_API_KEY")
    .option("--max-retries <n>", "retries of a failed LLM request (429/5xx/timeouts)", "5")
    .option("--teacher <kind>", "use a scripted teacher instead of an LLM: 'scripted' replays each task's gold patch")
    .option("--stage <name>", "policy stage recorded in run.json (base, sft, entropo-dpo, entropo-kto, teacher)")
    .option("--benchmark <name>", "benchmark name recorded in run.json (default: from --tasks)")
    .option("--run-index <n>", "index of this run among repeated runs (run.json)")
    .option("--run-id <id>", "run id (default: kept from run.json, else generated)")
    .option("--limit <n>", "only the first N tasks")
    .option("--ids <list>", "only these task ids (comma separated)")
    .option("--prompts <file>", "replace entropo's R2E prompts: an R2E-Gym agent config YAML (system_prompt, instance_prompt) or a recorded R2E trajectory (agent_args)")
    .option("--swebench-images <style>", "images for SWE-bench rows: swebench (swebench/sweb.eval.x86_64.*) or r2e (slimshetty/swebench-verified:*)")
    .option("--grading <mode>", "SWE-bench rows: swebench (the official verdict, default) or lenient (entropo's earlier rules)")
    .option("--swebench-version <version>", "SWE-bench rows: the swebench release whose grader to reproduce, 5.0.2 (default) or 4.1.0")
    .option("--grade-timeout <s>", "seconds the grading tests may run (default 300)")
    .option("--train-dir <dir>", "training output directory of the policy, recorded in run.json (the report reads its trainer_log.jsonl)")
    .option("--json", "print events as NDJSON")
    .action(async (raw: RawRolloutOptions) => {
      const json = Boolean(raw.json);
      state.exitCode = await runEventCommand(
        json,
        "rollout",
        ({ signal }) => rolloutFromOptions(parseRolloutOptions(raw), signal),
        (summary) => {
          if (!json && summary !== undefined) {
            process.stdout.write(
              `\n${summary.skipped + summary.recorded}/${summary.total} rollouts recorded (${summary.skipped} from before), ${summary.resolved} resolved in this run, ${summary.tokens} tokens\ntrajectories: ${summary.trajectories}\n`,
            );
          }
          return summary !== undefined && summary.failedToStart > 0 ? ExitCode.external : ExitCode.ok;
        },
      );
    });
}
