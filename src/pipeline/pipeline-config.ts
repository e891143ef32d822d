// The entropo.yaml schema: named stages of known kinds, with declared inputs/outputs and settings; `${var}` interpolation.
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { projectPython } from "../util/paths.js";
import { lineOfNode, lineOfPath, parseYamlWithLines, validateLocated, type LocatedYaml } from "../util/yaml-location.js";

const stageKinds = ["command", "data", "train", "rollout", "verify", "select", "report", "experiment"] as const;
export type StageKind = (typeof stageKinds)[number];

const stageSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a name of lowercase letters, digits and dashes"),
  kind: z.enum(stageKinds),
  description: z.string().optional(),
  inputs: z.array(z.string()).default([]),
  outputs: z.array(z.string()).min(1, "at least one output path"),
  with: z.record(z.string(), z.unknown()).default({}),
});
export type StageConfig = z.infer<typeof stageSchema>;

const pipelineSchema = z.strictObject({
  version: z.literal(1),
  name: z.string(),
  description: z.string().optional(),
  out: z.string(),
  vars: z.record(z.string(), z.string()).default({}),
  stages: z.array(stageSchema).min(1),
});
export type PipelineConfig = z.infer<typeof pipelineSchema> & { file: string; baseDir: string };

/**
 * Checks every stage's `with:` (its `${var}`s replaced, as the stage will read it) before any stage runs; an error names
 * FILE:LINE of the setting, `stages.NAME.with.KEY`, the expected and the received value. The settings readers are
 * loaded lazily (they import each operation's options), as the stage runners are.
 */
async function checkSettings(config: PipelineConfig, located: LocatedYaml, file: string): Promise<void> {
  const { checkStageSettings } = await import("./stage-settings.js");
  const variables = pipelineVariables(config);
  config.stages.forEach((stage, index) => {
    const settings = interpolate(stage.with, variables, `stage ${stage.name}`);
    const lineOf = (path: readonly (string | number)[]) => lineOfPath(located, ["stages", index, "with", ...path]);
    checkStageSettings(stage.kind, settings, { file, field: `stages.${stage.name}.with`, lineOf });
  });
}

/** Loads and validates entropo.yaml, every stage's settings included; errors name the file, line and field. */
export async function loadPipeline(file: string, overrides: { out?: string; vars?: Record<string, string> } = {}): Promise<PipelineConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError("pipeline file not found", { file, hint: "create entropo.yaml or pass its path: entropo run FILE" });
  }
  const located = parseYamlWithLines(text, file);
  const parsed = validateLocated(pipelineSchema, located, file);
  const names = new Set<string>();
  parsed.stages.forEach((stage, index) => {
    const line = lineOfNode(located, ["stages", index, "name"]);
    const field = `stages.${index}.name`;
    if (names.has(stage.name)) throw new InputError(`expects a name no other stage has, received ${JSON.stringify(stage.name)}`, line === undefined ? { file, field } : { file, line, field });
    names.add(stage.name);
  });
  const baseDir = dirname(resolve(file));
  const merged = { ...parsed, out: overrides.out ?? parsed.out, vars: { ...parsed.vars, ...overrides.vars } };
  const config = { ...merged, file: resolve(file), baseDir };
  await checkSettings(config, located, file);
  return config;
}

/** Variables available to `${name}` in stage settings: out, python, root, and the file's vars. */
export function pipelineVariables(config: PipelineConfig): Record<string, string> {
  const out = isAbsolute(config.out) ? config.out : resolve(config.baseDir, config.out);
  return { root: config.baseDir, python: projectPython(), ...config.vars, out };
}

/** Replaces `${name}` in every string of a value; an unknown name is an error naming the stage. */
export function interpolate<T>(value: T, variables: Record<string, string>, where: string): T {
  const replace = (text: string): string =>
    text.replace(/\$\{([a-zA-Z0-9_]+)\}/g, (_, name: string) => {
      const found = variables[name];
      if (found === undefined) throw new InputError(`unknown variable \${${name}} in ${where}; known: ${Object.keys(variables).join(", ")}`);
      return found;
    });
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return replace(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === "object") return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return walk(value) as T;
}

/** Resolves a path of the pipeline relative to the pipeline file's directory. */
export function resolvePipelinePath(config: PipelineConfig, path: string): string {
  return isAbsolute(path) ? path : resolve(config.baseDir, path);
}
