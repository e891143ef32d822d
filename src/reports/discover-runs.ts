// Expands --runs arguments: a run directory (holding run.json), or a folder whose sub-directories are runs.
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { runFiles } from "../run-dir/layout.js";

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Resolves each argument to run directories; a path that is neither is an error naming it. */
export async function discoverRunDirs(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const directory = resolve(path);
    if (!(await exists(directory))) throw new InputError(`run directory ${path} does not exist`, { file: path, field: "--runs" });
    if (await exists(join(directory, runFiles.runJson))) {
      found.push(directory);
      continue;
    }
    const children = (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => join(directory, entry.name));
    const runs = [];
    for (const child of children.sort()) if (await exists(join(child, runFiles.runJson))) runs.push(child);
    if (runs.length === 0) {
      throw new InputError(`${path} has no run.json (and no sub-directory with one)`, {
        file: join(directory, runFiles.runJson),
        field: "run.json",
        hint: "a run directory needs run.json with model, stage, benchmark and run_index (src/run-dir/run-json.ts)",
      });
    }
    found.push(...runs);
  }
  return [...new Set(found)];
}
