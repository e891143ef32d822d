// Shell steps tasks run in a sandbox: committing the base state, running tests with a timeout, failing loudly.
import { randomUUID } from "node:crypto";
import { ExternalError } from "../core/errors.js";
import type { ExecResult, Sandbox } from "../sandbox/sandbox.js";

/** Git options that give commits an identity without touching the image's global config. */
const gitIdentity = "-c user.name=entropo -c user.email=entropo@localhost -c commit.gpgsign=false";

/** Runs a setup command and throws ExternalError with its output when it fails. */
export async function runChecked(sandbox: Sandbox, command: string, what: string, timeoutSeconds = 120): Promise<ExecResult> {
  const result = await sandbox.exec(command, { timeoutSeconds, workdir: "/" });
  if (result.exitCode !== 0 || result.timedOut) {
    throw new ExternalError(`${what} failed (exit ${result.exitCode}${result.timedOut ? ", timed out" : ""}): ${result.output.slice(-2000)}`);
  }
  return result;
}

/** Makes /testbed a git repository whose single commit is the current content (the agent's base state). */
export async function commitBaseState(sandbox: Sandbox): Promise<void> {
  await runChecked(
    sandbox,
    `cd /testbed && git init -q && git add -A && git ${gitIdentity} commit -q --allow-empty -m "base state"`,
    "committing the base state of /testbed",
  );
}

/** Bytes of a test log kept for grading: the tail, where pytest's short test summary is. */
const maxTestLogBytes = 16 * 1024 * 1024;

/**
 * Deletes the bytecode caches of /testbed's sources (not its .venv or .git) before tests run. Python trusts a
 * `__pycache__/*.pyc` whose recorded source mtime (whole seconds) and size match the file, so a same-size edit made
 * within the second of the previous write (a patch applied right after a reset, a scripted edit) would run the old
 * code. The official SWE-bench and R2E-Gym runs start without these caches; deleting them restores that state.
 */
const dropStaleBytecode =
  "find . \\( -path ./.venv -o -path ./.git \\) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null";

/**
 * Runs a test command in /testbed with a timeout, on fresh bytecode (see `dropStaleBytecode`). The output goes to a
 * file in the container and its last `maxTestLogBytes` are read back, so a huge log keeps its summary; it is kept even on failure or timeout.
 */
export async function runTests(sandbox: Sandbox, command: string, timeoutSeconds: number): Promise<ExecResult> {
  const log = `/tmp/entropo-tests-${randomUUID()}.log`;
  const run = await sandbox.exec(`${dropStaleBytecode}; (${command}
) > ${log} 2>&1`, { timeoutSeconds, workdir: "/testbed" });
  const tail = await sandbox.exec(`wc -c < ${log}; tail -c ${maxTestLogBytes} ${log}; rm -f ${log}`, {
    timeoutSeconds: 60,
    workdir: "/",
    maxOutputBytes: maxTestLogBytes + 64,
  });
  const newline = tail.output.indexOf("\n");
  const size = Number(tail.output.slice(0, newline));
  return { ...run, output: tail.output.slice(newline + 1), truncated: size > maxTestLogBytes };
}
