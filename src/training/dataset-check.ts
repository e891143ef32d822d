// Checks that dataset_dir/dataset_info.json names every dataset a training config uses, and that local files exist.
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";

/** Dataset names of a comma-separated `dataset` / `eval_dataset` value. */
function datasetNames(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value.split(",").map((name) => name.trim()).filter((name) => name !== "");
}

function readDatasetInfo(datasetDir: string, configFile: string): Record<string, unknown> {
  if (!existsSync(datasetDir) || !statSync(datasetDir).isDirectory()) {
    throw new InputError(`dataset_dir ${datasetDir} is not a directory`, { file: configFile, field: "dataset_dir" });
  }
  const infoFile = join(datasetDir, "dataset_info.json");
  if (!existsSync(infoFile)) {
    throw new InputError(`${infoFile} not found`, { file: configFile, field: "dataset_dir", hint: "build datasets with `entropo datasets`" });
  }
  const info = parseJsonDocument(readFileSync(infoFile, "utf8"), infoFile);
  if (info === null || typeof info !== "object" || Array.isArray(info)) throw new InputError("expected an object of datasets", { file: infoFile });
  return info as Record<string, unknown>;
}

/** Throws an InputError naming the config field when a dataset is missing from dataset_info.json or its file is. */
export function checkDatasets(config: Record<string, unknown>, configFile: string): void {
  const datasetDir = config.dataset_dir;
  if (typeof datasetDir !== "string" || datasetDir.startsWith("REMOTE:")) return;
  for (const field of ["dataset", "eval_dataset"]) {
    const names = datasetNames(config[field]);
    if (names.length === 0) continue;
    const info = readDatasetInfo(datasetDir, configFile);
    for (const name of names) {
      const entry = info[name] as { file_name?: unknown; hf_hub_url?: unknown } | undefined;
      if (entry === undefined) {
        const known = Object.keys(info).join(", ") || "(none)";
        throw new InputError(`dataset "${name}" is not in ${join(datasetDir, "dataset_info.json")} (it has: ${known})`, { file: configFile, field });
      }
      if (typeof entry.file_name === "string" && entry.hf_hub_url === undefined) {
        const dataFile = isAbsolute(entry.file_name) ? entry.file_name : join(datasetDir, entry.file_name);
        if (!existsSync(dataFile)) throw new InputError(`dataset "${name}": file ${dataFile} not found`, { file: configFile, field });
      }
    }
  }
}
