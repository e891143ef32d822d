// JSON text of trajectory files: parsing with FILE:LINE errors, and telling JSON Lines from one document.
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { InputError } from "../core/errors.js";

/** Bytes of a file's start read to find its first non-empty line. */
const headBytes = 65536;

/** The first non-empty line within a file's first bytes, or "" when they are empty. */
function firstLineOf(head: Uint8Array): string {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, headBytes)).toString("utf8").trimStart();
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}

/** The first non-empty line of a file (up to 64 KiB are read to find it), or "" when the file is empty. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(headBytes);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return firstLineOf(buffer.subarray(0, bytesRead));
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
  return extname(file) === ".jsonl" || jsonLinesHead(file, await firstLine(file));
}

/** {@link isJsonLines} on bytes already read (the whole file or its start). */
export function isJsonLinesBytes(file: string, bytes: Uint8Array): boolean {
  return extname(file) === ".jsonl" || jsonLinesHead(file, firstLineOf(bytes));
}

/** Whether a first line is a JSON Lines record (not the start of an array or a pretty-printed document). */
function jsonLinesHead(file: string, head: string): boolean {
  if (head.startsWith("[")) return false;
  return parseJson(head, file, 1).error === undefined;
}

