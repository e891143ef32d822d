// Reading task rows from JSON (array, single object, R2E trajectory) or JSONL files, each row with its line number.
import { readFile } from "node:fs/promises";
import { readJsonlLines } from "../util/jsonl.js";
import { parseJsonDocument } from "../util/json-document.js";

export type SourceRow = { line: number; value: unknown };

/** 1-based line numbers where each top-level array element starts in a JSON text. */
function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectingElement = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === "\n") line += 1;
    if (inString) {
      if (char === "\\") index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectingElement && char !== undefined && !/[\s,\]]/.test(char)) {
      lines.push(line);
      expectingElement = false;
    }
    if (char === '"') inString = true;
    else if (char === "[" || char === "{") {
      depth += 1;
      if (depth === 1) expectingElement = true;
    } else if (char === "]" || char === "}") depth -= 1;
    else if (char === "," && depth === 1) expectingElement = true;
  }
  return lines;
}

/** An R2E trajectory file holds its instance row in `ds` or `env_args.ds`: return it, else the value itself. */
function rowOfTrajectory(value: unknown): unknown {
  if (typeof value !== "object" || value === null || !("trajectory_steps" in value)) return value;
  const record = value as { ds?: unknown; env_args?: { ds?: unknown } };
  return record.ds ?? record.env_args?.ds ?? value;
}

/** The rows of a .json or .jsonl file with their line numbers. */
export async function readRows(file: string): Promise<SourceRow[]> {
  if (file.endsWith(".jsonl")) {
    const rows: SourceRow[] = [];
    for await (const row of readJsonlLines(file)) rows.push({ line: row.line, value: rowOfTrajectory(row.value) });
    return rows;
  }
  const text = await readFile(file, "utf8");
  const value = parseJsonDocument(text, file);
  if (!Array.isArray(value)) return [{ line: 1, value: rowOfTrajectory(value) }];
  const lines = arrayElementLines(text);
  return value.map((item, index) => ({ line: lines[index] ?? 1, value: rowOfTrajectory(item) }));
}
