// Locations of the project's own files (repo root, venv, data) resolved from the installed package.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository (package) root: the nearest ancestor of this module holding package.json. */
export function projectRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error("entropo: package.json not found above " + fileURLToPath(import.meta.url));
    directory = parent;
  }
  return directory;
}

/** The project's Python interpreter: $ENTROPO_PYTHON, else `.venv/bin/python` at the repo root. */
export function projectPython(): string {
  return process.env.ENTROPO_PYTHON ?? join(projectRoot(), ".venv", "bin", "python");
}

/** The shared data folder beside the checkout (`../shared/data`), used only by tests and benchmarks. */
export function sharedDataDir(): string {
  return process.env.ENTROPO_SHARED_DATA ?? resolve(projectRoot(), "..", "shared", "data");
}

/** Name and tag of the project's base sandbox image (Debian + python3 + pytest + git). */
export const baseImage = "entropo/base:bookworm-py3";
