// `entropo tasks grade-log` (re-grade saved SWE-bench test logs) and `entropo tasks build-image` (offline instance images).
import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import { gradeLogs } from "../../tasks/grade-logs.js";
import { buildSwebenchImages } from "../../tasks/swebench-image/build-images.js";
import { defaultSwebenchGrading, parseGradingMode, parseSwebenchVersion } from "../../tasks/swebench-version.js";
import { reportError } from "../render-events.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type GradeLogCliOptions = { tasks: string; logs: string; grading?: string; swebenchVersion?: string };
type BuildImageCliOptions = { tasks: string; ids: string; repo: string; python?: string; baseImage?: string; rebuild?: boolean; json?: boolean };

/** Registers `entropo tasks <grade-log|build-image>`. */
export function registerTasksCommand(program: Command, state: CommandState): void {
  const tasks = program.command("tasks").description("SWE-bench task tools: re-grade saved test logs, build instance images offline");
  tasks
    .command("grade-log")
    .description("grade saved SWE-bench test logs (<instance_id>__<anything>.log, or <instance_id>/test_output.txt) and print one JSON line per log")
    .requiredOption("--tasks <spec>", "the SWE-bench rows the logs belong to (JSON, JSONL, parquet, hf:ID)")
    .requiredOption("--logs <dir>", "directory of test logs (searched recursively)")
    .option("--grading <mode>", "swebench: the official harness's verdict; lenient: entropo's earlier, forgiving rules", "swebench")
    .option("--swebench-version <version>", "the swebench release whose grader to reproduce: 5.0.2 or 4.1.0", defaultSwebenchGrading.version)
    .action(async (options: GradeLogCliOptions) => {
      try {
        const grading = { mode: parseGradingMode(options.grading) ?? "swebench", version: parseSwebenchVersion(options.swebenchVersion) ?? defaultSwebenchGrading.version };
        let total = 0;
        let resolved = 0;
        for await (const verdict of gradeLogs({ tasks: options.tasks, logsDir: options.logs, grading })) {
          process.stdout.write(JSON.stringify(verdict) + "\n");
          total += 1;
          if (verdict.resolved) resolved += 1;
        }
        process.stderr.write(`${resolved}/${total} logs resolved (${grading.mode === "lenient" ? "lenient rules" : `swebench ${grading.version} rules`})\n`);
        state.exitCode = ExitCode.ok;
      } catch (error) {
        state.exitCode = reportError(error, { json: false });
      }
    });
  tasks
    .command("build-image")
    .description("build SWE-bench instance images offline (swebench/sweb.eval.x86_64.*) from a local repository and wheels downloaded on the host")
    .requiredOption("--tasks <spec>", "the SWE-bench rows (JSON, JSONL, parquet, hf:ID)")
    .requiredOption("--ids <list>", "instance ids, comma separated")
    .requiredOption("--repo <path>", "the repository: a git bundle, a mirror or a checkout holding the instances' commits")
    .option("--python <path>", "host interpreter whose pip downloads the wheels (default: python<X.Y> of the image's Python on PATH)")
    .option("--base-image <image>", "image to build on (default: entropo/base:<debian suite>-py3 whose Python is the spec's when the host has it, else bookworm's 3.11)")
    .option("--rebuild", "rebuild even when an image with the same recipe exists")
    .option("--json", "print events as NDJSON")
    .action(async (options: BuildImageCliOptions) => {
      const json = Boolean(options.json);
      state.exitCode = await runEventCommand(
        json,
        "tasks build-image",
        ({ signal }) =>
          buildSwebenchImages({
            tasks: options.tasks,
            ids: options.ids.split(",").map((id) => id.trim()).filter((id) => id !== ""),
            repo: options.repo,
            ...(options.python === undefined ? {} : { python: options.python }),
            ...(options.baseImage === undefined ? {} : { baseImage: options.baseImage }),
            ...(options.rebuild === undefined ? {} : { rebuild: options.rebuild }),
            signal,
          }),
        (result) => {
          const images = result?.images ?? [];
          if (!json) for (const image of images) process.stdout.write(`${image.image} ${image.cached ? "(cached)" : `built in ${image.seconds}s`}\n`);
          return ExitCode.ok;
        },
      );
    });
}
