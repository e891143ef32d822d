// Creates or merges LLaMA-Factory's dataset_info.json (other entries kept), written atomically.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";
import { writeJsonAtomic } from "../util/jsonl.js";

export type DatasetInfoEntry = {
  file_name: string;
  formatting: "sharegpt";
  ranking?: boolean;
  columns: Record<string, string>;
  tags?: Record<string, string>;
  description?: string;
};

/** Adds or replaces entry `name` in `outDir/dataset_info.json`; a corrupt existing file is an error, never overwritten. */
export async function mergeDatasetInfo(outDir: string, name: string, entry: DatasetInfoEntry): Promise<string> {
  const file = join(outDir, "dataset_info.json");
  let current: Record<string, unknown> = {};
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text !== undefined) {
    const parsed = parseJsonDocument(text, file, "the existing dataset_info.json is merged into, not replaced: fix or remove it");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new InputError("existing dataset_info.json must be a JSON object of dataset entries", { file, field: "(root)" });
    }
    current = parsed as Record<string, unknown>;
  }
  await writeJsonAtomic(file, { ...current, [name]: entry });
  return file;
}
