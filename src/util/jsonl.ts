// Streaming JSONL reading with file:line errors, durable appends and atomic whole-file writes.
import { mkdir, open, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import { InputError } from "../core/errors.js";
import { readTextLines } from "./text-lines.js";
import { firstIssueOf, safeParseReporting } from "./zod-issue.js";

export type JsonlLine = { line: number; value: unknown };

/** Yields each non-empty line of a JSONL file parsed as JSON (read on demand, bounded memory); a parse error names FILE:LINE. */
export async function* readJsonlLines(file: string): AsyncGenerator<JsonlLine> {
  let lineNumber = 0;
  for await (const text of readTextLines(file)) {
    lineNumber += 1;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message})`, { file, line: lineNumber });
    }
    yield { line: lineNumber, value };
  }
}

/** Validates a value against a zod schema; the error names the file, line and the first failing field path. */
export function parseWithSchema<T extends z.ZodType>(
  schema: T,
  value: unknown,
  location: { file?: string; line?: number } = {},
): z.infer<T> {
  const result = safeParseReporting(schema, value);
  if (result.success) return result.data;
  const { path, message } = firstIssueOf(result.error);
  throw new InputError(message, { ...location, field: path.length === 0 ? "(root)" : path.join(".") });
}

/** Yields schema-validated records of a JSONL file. */
export async function* readJsonl<T extends z.ZodType>(file: string, schema: T): AsyncGenerator<{ line: number; record: z.infer<T> }> {
  for await (const { line, value } of readJsonlLines(file)) {
    yield { line, record: parseWithSchema(schema, value, { file, line }) };
  }
}

/** Appends one JSON record as a line and fsyncs, so a record is either whole on disk or absent. */
export async function appendJsonl(file: string, record: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, "a");
  try {
    await handle.write(JSON.stringify(record) + "\n");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file atomically: to a temporary sibling first, then renamed over the target. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/** Writes JSON (pretty, trailing newline) atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}
