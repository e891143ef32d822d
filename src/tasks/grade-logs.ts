// Re-grading saved SWE-bench test logs (`<instance_id>__<anything>.log`, or a harness `<instance_id>/test_output.txt`).
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { InputError } from "../core/errors.js";
import { loadTasks } from "./load-tasks.js";
import { gradeSwebenchLog, type TestGroupReport } from "./swebench-grading.js";
import { swebenchRowSchema, type SwebenchRow } from "./swebench-row.js";
import type { SwebenchGrading } from "./swebench-version.js";

export type LogVerdict = {
  /** The log file, relative to the logs directory. */
  log: string;
  instance_id: string;
  resolved: boolean;
  /** Whether a test result was read from the log (SWE-bench's get_logs_eval). */
  found: boolean;
  reason?: string;
  /** "swebench@5.0.2", "swebench@4.1.0" or "lenient". */
  grading: string;
  FAIL_TO_PASS: TestGroupReport;
  PASS_TO_PASS: TestGroupReport;
};

/** Every `*.log` and `test_output.txt` under `directory`, sorted. */
async function logFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    throw new InputError(`option --logs expects a directory of test logs: ${(error as Error).message}`);
  });
  return entries
    .filter((entry) => entry.isFile() && (entry.name.endsWith(".log") || entry.name === "test_output.txt"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The instance a log belongs to: the longest row id followed by `__` or `.log`, or the harness's folder name. */
function instanceOfLog(file: string, ids: readonly string[]): string | undefined {
  const name = basename(file);
  if (name === "test_output.txt") return ids.find((id) => id === basename(dirname(file)));
  return ids.filter((id) => name.startsWith(`${id}__`) || name === `${id}.log`).sort((a, b) => b.length - a.length)[0];
}

/** The log's text: strict UTF-8 in `swebench` mode (Python's open() raises on anything else), lossy otherwise. */
async function readLog(file: string, grading: SwebenchGrading): Promise<{ text: string; error?: string }> {
  const bytes = await readFile(file);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    return grading.mode === "swebench" ? { text, error: "the log is not valid UTF-8 (swebench's open() raises UnicodeDecodeError)" } : { text };
  }
}

/** The SWE-bench rows of a --tasks SPEC (rows of other task kinds are an error). */
export async function loadSwebenchRows(spec: string): Promise<SwebenchRow[]> {
  const tasks = await loadTasks(spec);
  const other = tasks.find((task) => task.source !== "swe-bench");
  if (other !== undefined) throw new InputError(`option --tasks: ${spec} holds a ${other.source} task (${other.id}); grade-log needs SWE-bench rows`);
  return tasks.map((task) => swebenchRowSchema.parse(task.ds));
}

/** Grades every log under `logsDir` against its row; one verdict per log, in file-name order. */
export async function* gradeLogs(options: { tasks: string; logsDir: string; grading: SwebenchGrading }): AsyncGenerator<LogVerdict> {
  const rows = new Map((await loadSwebenchRows(options.tasks)).map((row) => [row.instance_id, row]));
  const files = await logFiles(options.logsDir);
  if (files.length === 0) throw new InputError(`option --logs: no *.log or test_output.txt file under ${options.logsDir}`);
  const ids = [...rows.keys()];
  const owners = files.map((file) => {
    const id = instanceOfLog(file, ids);
    if (id === undefined) throw new InputError(`no row of ${options.tasks} matches this log (names are <instance_id>__<anything>.log)`, { file });
    return id;
  });
  const label = options.grading.mode === "lenient" ? "lenient" : `swebench@${options.grading.version}`;
  for (const [index, file] of files.entries()) {
    const row = rows.get(owners[index] as string) as SwebenchRow;
    const { text, error } = await readLog(file, options.grading);
    const verdict = gradeSwebenchLog(row, text, options.grading);
    const failed = error === undefined ? verdict : { ...gradeSwebenchLog(row, "", options.grading), reason: error };
    yield {
      log: relative(options.logsDir, file),
      instance_id: row.instance_id,
      resolved: failed.resolved,
      found: failed.found,
      ...(failed.reason === undefined ? {} : { reason: failed.reason }),
      grading: label,
      FAIL_TO_PASS: failed.FAIL_TO_PASS,
      PASS_TO_PASS: failed.PASS_TO_PASS,
    };
  }
}
