// Loads a training config (YAML + --set overrides), validates it before any Python starts, and resolves its paths.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { badOptionValue, InputError } from "../core/errors.js";
import { lineOfNode, parseYamlWithLines } from "../util/yaml-location.js";
import { trainConfigSchema } from "./config-schema.js";
import { checkDatasets } from "./dataset-check.js";
import { checkModelPath } from "./model-path.js";
import { resolveConfigPaths } from "./resolve-paths.js";

export type TrainConfig = {
  /** Absolute path of the config file. */
  file: string;
  /** The resolved LLaMA-Factory arguments (absolute paths, overrides applied). */
  args: Record<string, unknown>;
  outputDir: string;
  stage: string;
  /** Lines to log: files entropo substituted (e.g. its copy of examples/deepspeed/NAME). */
  notes: string[];
};

/** Parses one `key=value` override; the value is read as YAML (1e-5, true, null keep their types). */
export function parseOverride(item: string): [string, unknown] {
  const at = item.indexOf("=");
  const key = at < 0 ? "" : item.slice(0, at).trim().replace(/^-+/, "");
  if (key === "") throw badOptionValue("--set", "key=value", item);
  const raw = item.slice(at + 1);
  try {
    return [key, raw === "" ? "" : (parseYaml(raw) as unknown)];
  } catch {
    return [key, raw];
  }
}

function readYamlObject(file: string): { value: Record<string, unknown>; lineOf: (key: string) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read config: ${(error as Error).message}`, { file });
  }
  const located = parseYamlWithLines(text, file);
  const value = located.value ?? {};
  if (typeof value !== "object" || Array.isArray(value)) throw new InputError("expected a mapping of LLaMA-Factory arguments", { file });
  const lineOf = (key: string): number | undefined => lineOfNode(located, [key]);
  return { value: value as Record<string, unknown>, lineOf };
}

/** Reads, validates and resolves a training config; errors name the file, line and key (or the --set option). */
export function loadTrainConfig(configPath: string, overrides: string[] = [], cwd = process.cwd()): TrainConfig {
  const file = resolve(cwd, configPath);
  const { value, lineOf } = readYamlObject(file);
  const overridden = Object.fromEntries(overrides.map(parseOverride));
  const notes: string[] = [];
  const notOverridden = Object.fromEntries(Object.entries(value).filter(([key]) => !(key in overridden)));
  const fromFile = resolveConfigPaths(notOverridden, dirname(file), notes, cwd);
  const merged = { ...fromFile, ...resolveConfigPaths(overridden, cwd, notes, cwd) };
  if (merged.dataset_dir === undefined && (merged.dataset !== undefined || merged.eval_dataset !== undefined)) {
    merged.dataset_dir = resolve(dirname(file), "data");
  }
  const result = trainConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? "");
    const message = issue?.message ?? "invalid config";
    if (field in overridden) throw new InputError(`option --set ${field}: ${message}`);
    const line = lineOf(field);
    throw new InputError(message, line === undefined ? { file, field } : { file, line, field });
  }
  checkDatasets(result.data, file);
  checkModelPath(result.data, "model_name_or_path" in overridden ? undefined : { file, line: lineOf("model_name_or_path") });
  return { file, args: result.data, outputDir: String(result.data.output_dir), stage: String(result.data.stage ?? "sft"), notes };
}
