// JSON text of trajectory files: parsing with FILE:LINE errors, and telling JSON Lines from one document.
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { InputError } from "../core/errors.js";

/** The first non-empty line of a file (up to 64 KiB are read to find it), or "" when the file is empty. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8").trimStart();
    const end = text.indexOf("\n");
    return end < 0 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

/** Parses one JSON text; a syntax error becomes an InputError at FILE:LINE (returned, not thrown). */
export function parseJson(text: string, file: string, line: number): { value?: unknown; error?: InputError } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: new InputError(`invalid JSON (${(error as Error).message})`, { file, line }) };
  }
}

/** True when the file holds JSON Lines rather than one pretty-printed document. */
export async function isJsonLines(file: string): Promise<boolean> {
  if (extname(file) === ".jsonl") return true;
  const head = await firstLine(file);
  if (head.startsWith("[")) return false;
  return parseJson(head, file, 1).error === undefined;
}

