// model_name_or_path as a local directory: missing ones are an input error before Python starts, except the project's
// tiny offline model, which `entropo train` builds on demand (entropo_trainer.paths.TINY_MODEL_DIR).
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { InputError } from "../core/errors.js";
import { projectRoot } from "../util/paths.js";

/** Where the tiny configs (llamafactory-configs/tiny) expect the tiny model. */
export function tinyModelDir(): string {
  return join(projectRoot(), "runs", "tiny-qwen3");
}

/** The command that builds the tiny model into `dir`. */
export function tinyModelCommand(dir: string): string {
  return `.venv/bin/python -m entropo_trainer make-tiny-model ${dir}`;
}

/**
 * Throws when a resolved model_name_or_path is an absolute path that does not exist (the tiny model excepted);
 * `origin` is where the value came from: the config file (and line), or undefined for a --set override.
 */
export function checkModelPath(args: Record<string, unknown>, origin: { file: string; line?: number | undefined } | undefined): void {
  const value = args.model_name_or_path;
  if (typeof value !== "string" || !isAbsolute(value) || existsSync(value) || value === tinyModelDir()) return;
  const hint = `point model_name_or_path at a local model directory (or a hub id); the tiny offline model is built with: ${tinyModelCommand(value)}`;
  if (origin === undefined) throw new InputError(`option --set model_name_or_path: model directory ${value} does not exist`, { hint });
  const where = origin.line === undefined ? { file: origin.file } : { file: origin.file, line: origin.line };
  throw new InputError(`model directory ${value} does not exist`, { ...where, field: "model_name_or_path", hint });
}
