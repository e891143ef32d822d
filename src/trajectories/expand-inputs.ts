// Expands trajectory inputs (files, directories, hf: datasets, R2E collection summaries) into the files to read.
import { readdir, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { InputError } from "../core/errors.js";
import type { HubOptions } from "../hub/hf-dataset.js";

/** True for a file named like R2E-Gym's collection summary. */
export function isCollectionSummary(file: string): boolean {
  return basename(file) === "collection_summary.json";
}

const dataExtensions = new Set([".json", ".jsonl", ".traj", ".parquet"]);
const summaryNames = new Set(["collection_summary.json", "dataset_info.json"]);

/**
 * Expands inputs into files: directories recursively (sorted; summaries and non-data files left out), hf: ids through
 * the hub cache, and an R2E collection_summary.json into the trajectory files it lists (the summary
 * itself is returned among `summaries`, whose rewards apply).
 */
export async function expandInputs(inputs: readonly string[], hub: HubOptions = {}): Promise<{ files: string[]; summaries: string[] }> {
  const files: string[] = [];
  const summaries: string[] = [];
  for (const input of inputs) {
    if (input.startsWith("hf:")) {
      const { resolveHfInput } = await import("../hub/hf-dataset.js"); // the hub client loads only for hf: inputs
      files.push(...(await resolveHfInput(input, hub)));
      continue;
    }
    const info = await stat(input).catch(() => {
      throw new InputError("input not found", { file: input, hint: "--input takes files, directories or hf:OWNER/NAME[@REV]" });
    });
    if (!info.isDirectory()) {
      if (isCollectionSummary(input)) {
        summaries.push(input);
        const { summaryTrajectoryFiles } = await import("./rewards.js"); // its schemas load only for summaries
        files.push(...(await summaryTrajectoryFiles(input)));
      } else files.push(input);
      continue;
    }
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    const found = entries
      .filter((entry) => entry.isFile() && dataExtensions.has(extname(entry.name)) && !summaryNames.has(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    files.push(...found);
  }
  return { files, summaries };
}

