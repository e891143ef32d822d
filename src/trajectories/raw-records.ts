// Streams raw JSON values from one input file (JSONL, a single JSON object, a JSON array, a .traj or a parquet file).
import { extname } from "node:path";
import type { InputError } from "../core/errors.js";
import { isOpenHandsEventList } from "./import-openhands.js";
import { isJsonLines, parseJson } from "./json-text.js";
import { readTextLines } from "../util/text-lines.js";

export { isJsonLines, isJsonLinesBytes, parseJson } from "./json-text.js";

/** One raw value with its location; `error` is set instead of `value` when the line is not valid JSON. */
export type RawRecord = { file: string; line: number; value?: unknown; error?: InputError; singleRecordFile: boolean };

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
  yield* documentRecords(file, await readFile(file, "utf8"));
}

/** The raw records of one JSON document's text (an object, an array of records, an OpenHands event list). */
export function* documentRecords(file: string, text: string): Generator<RawRecord> {
  const parsed = parseJson(text, file, 1);
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
