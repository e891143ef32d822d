// Streams raw JSON values from one input file (JSONL, a single JSON object, a JSON array, a .traj or a parquet file).
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { InputError } from "../core/errors.js";
import { isOpenHandsEventList } from "./import-openhands.js";
import { readTextLines } from "../core/text-lines.js";

/** One raw value with its location; `error` is set instead of `value` when the line is not valid JSON. */
export type RawRecord = { file: string; line: number; value?: unknown; error?: InputError; singleRecordFile: boolean };

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

async function* jsonLines(file: string): AsyncGenerator<RawRecord> {
  let line = 0;
  for await (const text of readTextLines(file)) {
    line += 1;
    if (text.trim() === "") continue;
    yield { file, line, ...parseJson(text, file, line), singleRecordFile: false };
  }
}

async function* wholeDocument(file: string): AsyncGenerator<RawRecord> {
  const { readFile } = await import("node:fs/promises");
  const parsed = parseJson(await readFile(file, "utf8"), file, 1);
  // An OpenHands trajectory is one JSON array of events: one record, not one per element.
  if (parsed.error !== undefined || !Array.isArray(parsed.value) || isOpenHandsEventList(parsed.value)) {
    yield { file, line: 1, ...parsed, singleRecordFile: true };
    return;
  }
  const items: unknown[] = parsed.value;
  for (let index = 0; index < items.length; index += 1) {
    // For JSON arrays the "line" is the 1-based element index.
    yield { file, line: index + 1, value: items[index], singleRecordFile: false };
  }
}

async function* parquetRecords(file: string): AsyncGenerator<RawRecord> {
  let row = 0;
  const { readParquetRows } = await import("../hub/parquet-rows.js"); // hyparquet loads only for parquet inputs
  for await (const value of readParquetRows(file)) {
    row += 1;
    yield { file, line: row, value, singleRecordFile: false };
  }
}

/** Yields every raw record of a file; JSON errors are yielded (not thrown) so callers can skip them. */
export async function* readRawRecords(file: string): AsyncGenerator<RawRecord> {
  if (extname(file) === ".parquet") yield* parquetRecords(file);
  else if (await isJsonLines(file)) yield* jsonLines(file);
  else yield* wholeDocument(file);
}
