// Reads the calls file of `entropo tool`: a JSON array of raw assistant texts.
import { readFile } from "node:fs/promises";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";

/** Loads and validates FILE.json (every item must be a string); errors name the file and the item. */
export async function readToolCalls(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read the calls file: ${(error as Error).message}`, { file, field: "--calls" });
  }
  const value = parseJsonDocument(text, file, "--calls expects a JSON array of assistant texts (strings)");
  if (!Array.isArray(value)) throw new InputError("expected a JSON array of assistant texts (strings)", { file });
  value.forEach((item, index) => {
    if (typeof item !== "string") {
      throw new InputError(`item ${index} is ${typeof item}, expected a string (a raw assistant message)`, {
        file,
        field: `[${index}]`,
      });
    }
  });
  return value as string[];
}
