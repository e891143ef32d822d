// loadTasks: resolves a --tasks SPEC (builtin, task dirs, SWE-bench / R2E-Gym row files, quixbugs:PATH) into Tasks.
import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { badOptionValue, InputError } from "../core/errors.js";
import { parseWithSchema } from "../util/jsonl.js";
import { withoutUndefined } from "../core/options.js";
import { projectRoot } from "../util/paths.js";
import { resolveHfInput } from "../hub/hf-dataset.js";
import { readParquetRows } from "../hub/parquet-rows.js";
import { readRows, type SourceRow } from "./json-rows.js";
import { loadLocalTask } from "./local-task.js";
import { loadQuixbugsTasks } from "./quixbugs-task.js";
import { createR2eTask, r2eRowSchema } from "./r2e-task.js";
import type { SwebenchImageStyle } from "./swebench-eval.js";
import { swebenchRowSchema } from "./swebench-row.js";
import { createSwebenchTask } from "./swebench-task.js";
import type { SwebenchGrading } from "./swebench-version.js";
import type { Task } from "./task.js";

export type LoadTasksOptions = {
  /** Keep at most this many tasks (after the id filter). */
  limit?: number;
  /** Keep only these task ids; an id that matches nothing is an error. */
  ids?: string[];
  /** Image family of SWE-bench rows: SWE-bench's public images (default) or R2E's slimshetty images. */
  swebenchImages?: SwebenchImageStyle;
  /** Grading of SWE-bench rows: the official verdict of a `swebench` release (default 5.0.2) or the lenient rules. */
  swebenchGrading?: SwebenchGrading;
};

/** The directory of the built-in mini benchmark. */
export function builtinBenchmarkDir(): string {
  return join(projectRoot(), "data", "benchmark");
}

async function loadTaskDirectories(directory: string): Promise<Task[]> {
  if (existsSync(join(directory, "task.yaml"))) return [await loadLocalTask(directory)];
  const entries = (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const taskDirectories = entries.filter((name) => existsSync(join(directory, name, "task.yaml")));
  if (taskDirectories.length === 0) throw new InputError("no task.yaml in this directory or its subdirectories", { file: directory });
  return Promise.all(taskDirectories.map((name) => loadLocalTask(join(directory, name))));
}

function taskOfRow(file: string, row: SourceRow, options: LoadTasksOptions): Task {
  const value = row.value;
  if (typeof value !== "object" || value === null) throw new InputError("a task row must be an object", { file, line: row.line, field: "(root)" });
  if ("FAIL_TO_PASS" in value || "test_patch" in value) {
    const swebenchRow = parseWithSchema(swebenchRowSchema, value, { file, line: row.line });
    return createSwebenchTask(swebenchRow, withoutUndefined({ style: options.swebenchImages, grading: options.swebenchGrading }));
  }
  if ("expected_output_json" in value || "docker_image" in value || "image_name" in value) {
    return createR2eTask(parseWithSchema(r2eRowSchema, value, { file, line: row.line }));
  }
  throw new InputError("unknown row kind: SWE-bench rows need FAIL_TO_PASS, R2E-Gym rows need docker_image", {
    file,
    line: row.line,
    field: "FAIL_TO_PASS",
  });
}

/** Rows of a .parquet (line = row number), .json or .jsonl file. */
async function readRowsOfFile(file: string): Promise<SourceRow[]> {
  if (!file.endsWith(".parquet")) return readRows(file);
  const rows: SourceRow[] = [];
  for await (const value of readParquetRows(file)) rows.push({ line: rows.length + 1, value });
  return rows;
}

function select(tasks: Task[], options: LoadTasksOptions, spec: string): Task[] {
  let selected = tasks;
  if (options.ids !== undefined) {
    const known = new Set(tasks.map((task) => task.id));
    const missing = options.ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw new InputError(`option --ids: no task ${missing.map((id) => JSON.stringify(id)).join(", ")} in ${spec}`);
    const wanted = new Set(options.ids);
    selected = tasks.filter((task) => wanted.has(task.id));
  }
  return options.limit === undefined ? selected : selected.slice(0, options.limit);
}

/** Loads the tasks named by `spec`: `builtin`, `quixbugs:PATH`, `hf:OWNER/NAME`, a task dir, a dir of task dirs, or a row file. */
export async function loadTasks(spec: string, options: LoadTasksOptions = {}): Promise<Task[]> {
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw badOptionValue("--limit", "a positive integer", options.limit);
  }
  let tasks: Task[];
  if (spec === "builtin") tasks = await loadTaskDirectories(builtinBenchmarkDir());
  else if (spec.startsWith("quixbugs:")) tasks = await loadQuixbugsTasks(spec.slice("quixbugs:".length));
  else if (spec.startsWith("hf:")) {
    tasks = [];
    for (const file of await resolveHfInput(spec)) tasks.push(...(await readRowsOfFile(file)).map((row) => taskOfRow(file, row, options)));
  } else {
    const path = resolve(spec);
    if (!existsSync(path)) throw new InputError(`option --tasks expects builtin, quixbugs:PATH, a task directory or a .json/.jsonl file, received ${JSON.stringify(spec)} (not found)`);
    if (statSync(path).isDirectory()) tasks = await loadTaskDirectories(path);
    else tasks = (await readRowsOfFile(path)).map((row) => taskOfRow(path, row, options));
  }
  return select(tasks, options, spec);
}
