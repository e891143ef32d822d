// Whole-file JSON of the run directory read and written through its zod schema: errors name the file and the field.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";
import { parseWithSchema, writeJsonAtomic } from "../util/jsonl.js";
import { maskSecrets } from "../util/redact.js";

/** The parsed JSON of `file`, or undefined when it does not exist; unreadable or invalid JSON is an InputError naming it (FILE:LINE:COLUMN for a syntax error). */
export async function readJsonIfPresent(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(`cannot read (${(error as Error).message})`, { file });
  }
  return parseJsonDocument(text, file);
}

/** Validates `value` with the file's schema, masks known secret values, and writes it atomically (pretty JSON). */
export async function writeJsonWithSchema<T extends z.ZodType>(file: string, schema: T, value: z.input<T>, secrets: readonly string[] = []): Promise<void> {
  parseWithSchema(schema, value, { file });
  const text = maskSecrets(JSON.stringify(value), [...secrets]);
  await writeJsonAtomic(file, JSON.parse(text) as unknown);
}
