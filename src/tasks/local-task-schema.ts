// task.yaml of a local task: zod schema and a YAML reader whose errors name the file, line and field.
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, isNode } from "yaml";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { baseImage } from "../util/paths.js";

const nodeId = z.string().min(1, "must be a non-empty pytest node id");

const localTaskSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, "must match [A-Za-z0-9_.-]+"),
  problem_statement: z.string().min(1, "must be a non-empty string"),
  repo: z.string().min(1, "must name the directory copied to /testbed"),
  image: z.string().min(1).default(baseImage),
  test_command: z.string().min(1).optional(),
  hidden_tests: z.string().min(1).optional(),
  fail_to_pass: z.array(nodeId).min(1, "must list at least one test"),
  pass_to_pass: z.array(nodeId).default([]),
  gold_patch: z.string().min(1).optional(),
});

export type LocalTaskConfig = z.infer<typeof localTaskSchema>;

/** Reads and validates a task.yaml; errors name FILE:LINE and the field. */
export async function readLocalTaskConfig(file: string): Promise<LocalTaskConfig> {
  const text = await readFile(file, "utf8");
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError !== undefined) {
    throw new InputError(`invalid YAML (${yamlError.message.split("\n")[0] ?? ""})`, {
      file,
      line: lineCounter.linePos(yamlError.pos[0]).line,
    });
  }
  const result = localTaskSchema.safeParse(document.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map((part) => (typeof part === "symbol" ? String(part) : part)) ?? [];
  const unknownKey = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
  const fieldPath = unknownKey === undefined ? path : [...path, unknownKey];
  const line = lineOf(document, lineCounter, fieldPath);
  const field = fieldPath.length === 0 ? "(root)" : fieldPath.join(".");
  throw new InputError(issue?.message ?? "invalid value", { file, line, field });
}

/** The 1-based line of the deepest node along `path` that exists (the key line of a missing field's parent). */
function lineOf(document: ReturnType<typeof parseDocument>, lineCounter: LineCounter, path: readonly (string | number)[]): number {
  for (let length = path.length; length > 0; length -= 1) {
    const node: unknown = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
