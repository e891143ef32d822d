// `entropo tool --repo DIR --calls FILE.json [--image IMG]`: replays raw assistant texts in a fresh sandbox and prints
// the observations (as the agent appends them to history, without the Steps Remaining note) as a JSON array.
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { baseImage } from "../../util/paths.js";
import { readToolCalls } from "../../agent/tool-calls-file.js";
import { runToolCalls } from "../../agent/run-tool-calls.js";
import { reportError } from "../render-events.js";
import type { CommandState } from "../register-commands.js";

type ToolOptions = { repo: string; calls: string; image: string; timeout: string };

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InputError(`option --timeout expects a positive number of seconds, received ${JSON.stringify(value)}`, {
      field: "--timeout",
    });
  }
  return seconds;
}

/** Registers `entropo tool`. */
export function registerToolCommand(program: Command, state: CommandState): void {
  program
    .command("tool")
    .description("run raw assistant texts (tool calls) against a copy of a repository in a sandbox; print the observations")
    .requiredOption("--repo <dir>", "directory copied to /testbed and committed as the base state")
    .requiredOption("--calls <file>", "JSON array of raw assistant texts, applied in order")
    .option("--image <image>", "sandbox image", baseImage)
    .option("--timeout <seconds>", "per-command timeout", "90")
    .action(async (options: ToolOptions) => {
      try {
        const calls = await readToolCalls(options.calls);
        const timeoutSeconds = parseTimeout(options.timeout);
        const observations = await runToolCalls({ repo: options.repo, calls, image: options.image, timeoutSeconds });
        process.stdout.write(JSON.stringify(observations, null, 2) + "\n");
        state.exitCode = 0;
      } catch (error) {
        state.exitCode = reportError(error, { json: false });
      }
    });
}
