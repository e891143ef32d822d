// Runs the EntroPO authors' dataset scripts (../shared/data/authors-recipe) unmodified on local files, for tests and benchmarks.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { projectPython, sharedDataDir } from "../../util/paths.js";

const run = promisify(execFile);

export const authorsScripts = { sft: "generate_sft_data.py", dpo: "generate_dpo_qwen.py", kto: "generate_kto_qwen.py" } as const;
export type AuthorsKind = keyof typeof authorsScripts;

/** The datasets each script loads by name (as written in their `main()`). */
export const authorsDatasetNames = {
  sft: ["hubert233/EntroPO-SFT"],
  runs: ["hubert233/R2E-GLM45_1", "hubert233/R2E-GLM45", "hubert233/R2E-QwenCoder30BA3-sft_1", "hubert233/R2E-QwenCoder30BA3-sft"],
} as const;

/** The file each script writes under `CWD/dataset/`. */
export const authorsOutputs = { sft: "sft_data_sharegpt.json", dpo: "qwen_dpo_data.json", kto: "qwen_kto_dat.json" } as const;

const harness = join(dirname(fileURLToPath(import.meta.url)), "authors-script-harness.py");

/** The folder of the authors' scripts. */
export function authorsScriptsDir(): string {
  return join(sharedDataDir(), "authors-recipe", "llamafactory-train");
}

/** Why the authors' scripts cannot run here (shared data absent, or no `datasets` in the project's Python), or undefined. */
export async function authorsScriptsUnavailable(): Promise<string | undefined> {
  if (!existsSync(join(authorsScriptsDir(), authorsScripts.dpo))) return `the authors' scripts are absent at ${authorsScriptsDir()}`;
  try {
    await run(projectPython(), ["-c", "import datasets"]);
    return undefined;
  } catch {
    return `${projectPython()} cannot import datasets (run scripts/setup.sh)`;
  }
}

/** Environment for the harness: the Arrow cache in `cacheDir`, nothing from the hub. */
export function harnessEnv(cacheDir: string): NodeJS.ProcessEnv {
  return { ...process.env, HF_DATASETS_CACHE: cacheDir, HF_DATASETS_OFFLINE: "1", HF_HUB_OFFLINE: "1", HF_DATASETS_DISABLE_PROGRESS_BARS: "1" };
}

/** `NAME=FILE` arguments for the harness. */
function mappingArgs(mapping: Readonly<Record<string, readonly string[]>>): string[] {
  return Object.entries(mapping).flatMap(([name, files]) => files.map((file) => `${name}=${file}`));
}

/** Converts JSONL files to parquet as `datasets` writes it (Dataset.from_json(...).to_parquet). */
export async function writeParquet(pairs: ReadonlyArray<readonly [jsonl: string, parquet: string]>, cacheDir: string): Promise<void> {
  await run(projectPython(), [harness, "parquet", ...pairs.flat()], { env: harnessEnv(cacheDir), maxBuffer: 1 << 24 });
}

/** Builds the Arrow cache of every mapped dataset (so timed runs read a warm cache, as a user's second run does). */
export async function warmAuthorsCache(mapping: Readonly<Record<string, readonly string[]>>, cacheDir: string): Promise<void> {
  await run(projectPython(), [harness, "warm", ...mappingArgs(mapping)], { env: harnessEnv(cacheDir), maxBuffer: 1 << 24 });
}

/** The command line that runs one authors' script in `cwd` on the mapped local files (for timing wrappers). */
export function authorsScriptCommand(kind: AuthorsKind, mapping: Readonly<Record<string, readonly string[]>>, cwd: string): string[] {
  const args = kind === "sft" ? [] : ["--output-file", authorsOutputs[kind]];
  return [projectPython(), harness, "run", join(authorsScriptsDir(), authorsScripts[kind]), "--cwd", cwd, ...mappingArgs(mapping), "--", ...args];
}

/** Runs one authors' script and returns the path of the JSON file it wrote and what it printed. */
export async function runAuthorsScript(kind: AuthorsKind, mapping: Readonly<Record<string, readonly string[]>>, cwd: string, cacheDir: string): Promise<{ file: string; stdout: string }> {
  const [python, ...args] = authorsScriptCommand(kind, mapping, cwd) as [string, ...string[]];
  const { stdout } = await run(python, args, { env: harnessEnv(cacheDir), maxBuffer: 1 << 26 });
  return { file: join(cwd, "dataset", authorsOutputs[kind]), stdout };
}
