// execute_bash: R2E's [STDOUT]/[STDERR] layout and blocked commands, checked on the host; the command runs as a
// separate process started by the sandbox's persistent tool server (the exec path's wrapper, timeout and tree kill,
// without an exec's cost), or as one exec when the sandbox cannot keep a server. Unusual argument shapes go through the
// in-sandbox helper so argparse's own messages come out unchanged.
import type { ExecResult, Sandbox } from "../../sandbox/sandbox.js";
import type { ToolCall } from "../parse-response.js";
import { pyStrip } from "../py-text.js";
import { DOCKER_PATH, runtimeResult, runToolLine, type RuntimeResult } from "../tool-runtime.js";
import { toolArguments } from "./command-line.js";
import { helperCommand } from "./python-helper.js";
import { toolServerOf } from "./tool-server.js";

/** R2E's blocked first words (upstream main; the April version blocked cd, ipython, jupyter, pip, nohup). */
export const BLOCKED_BASH_COMMANDS = ["git", "ipython", "jupyter", "nohup"];

/** Python str.split() with no argument: the first whitespace-separated word, or undefined. */
function firstWord(command: string): string | undefined {
  const stripped = pyStrip(command);
  if (stripped === "") return undefined;
  // eslint-disable-next-line no-control-regex -- Python str.split() also splits on \x1c-\x1f
  return stripped.split(/[\s\x1c-\x1f\x85]+/u)[0];
}

/** True when argparse would take `value` as the argument of --cmd (not as an option string). */
function argparseTakesValue(value: string): boolean {
  if (!value.startsWith("-") || value === "-") return true;
  if (/^-\d+$|^-\d*\.\d+$/.test(value)) return true;
  return value.includes(" ");
}

/** The text R2E's execute_bash prints for a finished command. */
function formatBashOutput(exitCode: number, stdout: string, stderr: string): string {
  const head = exitCode !== 0 ? "Error executing command:\n\n" : "";
  return `${head}[STDOUT]\n\n${pyStrip(stdout)} \n\n[STDERR]\n\n${pyStrip(stderr)}\n`;
}

/** Runs an execute_bash call and returns R2E's runtime result. */
export async function executeBash(sandbox: Sandbox, action: ToolCall, timeoutSeconds: number): Promise<RuntimeResult> {
  const command = action.parameters.get("cmd");
  if (command === undefined || action.parameters.size !== 1 || !argparseTakesValue(command)) {
    return runToolLine(sandbox, `${await helperCommand(sandbox)} execute_bash ${toolArguments(action)}`, timeoutSeconds);
  }
  const word = firstWord(command);
  if (word !== undefined && BLOCKED_BASH_COMMANDS.includes(word)) {
    return {
      output: `Bash command '${word}' is not allowed. Please use a different command or tool.\n`,
      errorCode: "Error: Exit code 1",
    };
  }
  const result = await runCommand(sandbox, command, timeoutSeconds);
  const stdout = result.stdout ?? result.output;
  const stderr = result.stderr ?? "";
  return runtimeResult(result, formatBashOutput(result.exitCode, stdout, stderr), timeoutSeconds);
}

/** Commands that may kill processes by name run as an exec: they could end the server that reads their output. */
const MAY_KILL_SERVER = /\b(p?kill|killall|skill)\b/;
/** execute_bash calls so far per sandbox (the first one never starts the tool server). */
const commandsRun = new WeakMap<Sandbox, number>();

/**
 * Runs `command` through the sandbox's tool server when one is running; otherwise as an exec. From the second command
 * on, a missing server is started beside the exec (a sandbox used for one command, e.g. a quick check, never ships
 * the helper; a rollout's later commands no longer wait for it).
 */
async function runCommand(sandbox: Sandbox, command: string, timeoutSeconds: number): Promise<ExecResult> {
  const env = { PATH: DOCKER_PATH };
  const count = (commandsRun.get(sandbox) ?? 0) + 1;
  commandsRun.set(sandbox, count);
  if (sandbox.spawn !== undefined && sandbox.killTree !== undefined && !MAY_KILL_SERVER.test(command)) {
    const server = toolServerOf(sandbox, async () => `exec ${await helperCommand(sandbox)} --serve`, env);
    if (server.ready) {
      const result = await server.exec(command, { timeoutSeconds, env });
      if (result !== "fallback") return result;
    } else if (count > 1) {
      server.warmUp();
    }
  }
  return sandbox.exec(command, { timeoutSeconds, env });
}
