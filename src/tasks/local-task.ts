// Local tasks: a directory with task.yaml, a repo copied to /testbed, hidden tests overlaid only for grading.
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { shellQuote } from "../util/shell-quote.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { allListedPassed } from "./grading-rules.js";
import { readLocalTaskConfig, type LocalTaskConfig } from "./local-task-schema.js";
import { parsePytestNodeStatuses } from "./pytest-log.js";
import { commitBaseState, runChecked, runTests } from "./sandbox-steps.js";
import { defaultGradeTimeoutSeconds, type GradeOptions, type GradeResult, type Task } from "./task.js";

/** The pytest invocation used when task.yaml sets no test_command. */
const defaultPytestCommand = "python3 -m pytest -rA -p no:cacheprovider";

/** The test files named by pytest node ids, in first-seen order. */
function testFilesOf(nodeIds: readonly string[]): string[] {
  return [...new Set(nodeIds.map((id) => id.split("::")[0] ?? id))];
}

/** The command a local task grades with: test_command, else pytest -rA over the files of its listed tests. */
function localTestCommand(config: LocalTaskConfig): string {
  if (config.test_command !== undefined) return config.test_command;
  return [defaultPytestCommand, ...testFilesOf([...config.fail_to_pass, ...config.pass_to_pass]).map(shellQuote)].join(" ");
}

function existingPath(taskFile: string, taskDirectory: string, field: string, relative: string, kind: "dir" | "file"): string {
  const path = resolve(taskDirectory, relative);
  const ok = existsSync(path) && (kind === "dir" ? statSync(path).isDirectory() : statSync(path).isFile());
  if (!ok) throw new InputError(`${kind === "dir" ? "directory" : "file"} ${path} does not exist`, { file: taskFile, field });
  return path;
}

/** Loads the local task in `taskDirectory` (its task.yaml validated, its paths checked). */
export async function loadLocalTask(taskDirectory: string): Promise<Task> {
  const directory = resolve(taskDirectory);
  const taskFile = join(directory, "task.yaml");
  const config = await readLocalTaskConfig(taskFile);
  const repoDirectory = existingPath(taskFile, directory, "repo", config.repo, "dir");
  const hiddenDirectory =
    config.hidden_tests === undefined ? undefined : existingPath(taskFile, directory, "hidden_tests", config.hidden_tests, "dir");
  const goldPatch =
    config.gold_patch === undefined ? null : await readFile(existingPath(taskFile, directory, "gold_patch", config.gold_patch, "file"), "utf8");
  const testCommand = localTestCommand(config);

  const overlayAndRun = async (sandbox: Sandbox, command: string, options?: GradeOptions) => {
    if (hiddenDirectory !== undefined) await sandbox.copyIn(hiddenDirectory, "/testbed");
    return runTests(sandbox, command, options?.timeoutSeconds ?? defaultGradeTimeoutSeconds);
  };

  return {
    id: config.id,
    problemStatement: config.problem_statement,
    image: config.image,
    source: "local",
    goldPatch,
    ds: { instance_id: config.id, task_dir: directory, ...config },
    async prepare(sandbox) {
      await runChecked(sandbox, "mkdir -p /testbed", "creating /testbed");
      await sandbox.copyIn(repoDirectory, "/testbed");
      await runChecked(sandbox, "cd /testbed && rm -rf .git .pytest_cache && find . -name __pycache__ -prune -exec rm -rf {} +", "cleaning /testbed");
      await commitBaseState(sandbox);
    },
    async grade(sandbox, options): Promise<GradeResult> {
      const started = performance.now();
      const result = await overlayAndRun(sandbox, testCommand, options);
      const tests = parsePytestNodeStatuses(result.output);
      const passed = allListedPassed(tests, [...config.fail_to_pass, ...config.pass_to_pass]);
      return { reward: passed ? 1 : 0, testOutput: result.output, tests, seconds: (performance.now() - started) / 1000 };
    },
    async regression(sandbox, options) {
      if (config.pass_to_pass.length === 0) return { passed: null, output: "" };
      const command =
        config.test_command ?? [defaultPytestCommand, ...config.pass_to_pass.map(shellQuote)].join(" ");
      const result = await overlayAndRun(sandbox, command, options);
      return { passed: allListedPassed(parsePytestNodeStatuses(result.output), config.pass_to_pass), output: result.output };
    },
  };
}
