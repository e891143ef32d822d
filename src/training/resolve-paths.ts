// Makes the relative paths of a training config absolute against the config file (as entropo_trainer.runner does);
// LLaMA-Factory's repository path examples/deepspeed/NAME falls back to the project's copy (entropo_trainer.paths).
import { existsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { projectRoot } from "../util/paths.js";

/** Keys whose relative values are always file-system paths. */
const pathKeys = ["output_dir", "dataset_dir", "tokenized_path", "logging_dir", "media_dir", "cache_dir"];
/** Keys that may be a hub id or a path: resolved only when they start with ./ or ../ or exist on disk. */
const modelKeys = ["model_name_or_path", "adapter_name_or_path", "ref_model", "ref_model_adapters"];

function resolveValue(value: unknown, base: string, maybeHubId: boolean): unknown {
  if (typeof value !== "string" || value === "" || value.startsWith("REMOTE:") || isAbsolute(value)) return value;
  const candidate = resolve(base, value);
  if (!maybeHubId || value.startsWith("./") || value.startsWith("../") || existsSync(candidate)) return candidate;
  return value;
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** The project's copy of a LLaMA-Factory repository path `[...]/examples/deepspeed/NAME`, if it has one. */
export function projectDeepspeed(value: string): string | undefined {
  if (basename(dirname(value)) !== "deepspeed" || basename(dirname(dirname(value))) !== "examples") return undefined;
  const copy = join(projectRoot(), "llamafactory-configs", "deepspeed", basename(value));
  return isFile(copy) ? copy : undefined;
}

/** A relative `deepspeed` file: the first base holding it, else the project's copy (with a note), else under bases[0]. */
function resolveDeepspeed(value: unknown, bases: string[], notes: string[]): unknown {
  if (typeof value !== "string" || value === "" || isAbsolute(value)) return value;
  const found = bases.map((base) => resolve(base, value)).find(isFile);
  if (found !== undefined) return found;
  const copy = projectDeepspeed(value);
  if (copy === undefined) return resolve(bases[0] ?? ".", value);
  notes.push(`deepspeed: ${value} does not exist under ${bases.join(" or ")}; using entropo's copy ${copy}`);
  return copy;
}

/** A copy of `config` with relative path values resolved against `base` (then the working directory for deepspeed);
 * lines about substituted files go to `notes`. */
export function resolveConfigPaths(config: Record<string, unknown>, base: string, notes: string[] = [], cwd = process.cwd()): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of pathKeys) if (key in out) out[key] = resolveValue(out[key], base, false);
  for (const key of modelKeys) if (key in out) out[key] = resolveValue(out[key], base, true);
  if ("deepspeed" in out) out.deepspeed = resolveDeepspeed(out.deepspeed, [...new Set([base, cwd])], notes);
  const resume = out.resume_from_checkpoint;
  if (typeof resume === "string" && !["true", "false", "none", "null"].includes(resume.toLowerCase())) {
    out.resume_from_checkpoint = resolveValue(resume, base, false);
  }
  return out;
}
