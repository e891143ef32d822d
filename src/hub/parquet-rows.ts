// Reads a parquet file row by row (bounded memory) as plain JSON-compatible objects, with hyparquet.
import type { BigIntStats } from "node:fs";
import { open } from "node:fs/promises";
import { parquetMetadata, parquetSchema, type ParquetParsers } from "hyparquet";
import { rowGroupRows } from "./parquet-pages.js";

const utf8 = new TextDecoder();

/**
 * A UTF-8 string value kept as its bytes (a view of the decoded page) until its row is read. Decoding every string of
 * a page when the page is decoded made the strings of rows still waiting outlive young-generation collections, so most
 * row text was copied into the old generation (and the heap grew to several times the rows in flight).
 */
class LazyText {
  private text: string | undefined;

  constructor(private readonly bytes: Uint8Array) {}

  /** The string, decoded as hyparquet's default stringFromBytes decodes it (once: dictionary values are shared). */
  toString(): string {
    this.text ??= utf8.decode(this.bytes);
    return this.text;
  }
}

/** hyparquet parsers that leave UTF-8 strings as {@link LazyText} (toPlainJson decodes them). */
const lazyTextParsers = { stringFromBytes: (bytes: Uint8Array | undefined): unknown => bytes && new LazyText(bytes) } as unknown as Partial<ParquetParsers>;

/**
 * Converts what hyparquet returns (BigInt, Date, typed arrays, lazy strings) into JSON-compatible values. Arrays and
 * objects are the row's own (assembled for it), so they are converted in place.
 */
function toPlainJson(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return typeof value === "bigint" ? Number(value) : value;
  if (value instanceof LazyText) return value.toString();
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = toPlainJson(value[index]);
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, toPlainJson);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = toPlainJson(record[key]);
  return record;
}

/** The footer (metadata) bytes of a parquet file. */
async function footer(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<ArrayBuffer> {
  const tail = Buffer.alloc(8);
  await handle.read(tail, 0, 8, size - 8);
  if (tail.toString("latin1", 4) !== "PAR1") throw new Error("not a parquet file (no PAR1 footer)");
  const length = tail.readUInt32LE(0) + 8;
  const bytes = new Uint8Array(length);
  await handle.read(bytes, 0, length, size - length);
  return bytes.buffer;
}

/** The number of rows of each row group of a parquet file (from its footer). */
export async function parquetRowGroupSizes(file: string): Promise<number[]> {
  const handle = await open(file, "r");
  try {
    const metadata = parquetMetadata(await footer(handle, (await handle.stat()).size));
    return metadata.row_groups.map((group) => Number(group.num_rows));
  } finally {
    await handle.close();
  }
}

/**
 * Yields the rows of one row group of a parquet file (as {@link readParquetRows} yields them). `onOpen` gets the
 * status of the file that was opened and is read (a cache checks it is the file it keyed).
 */
export async function* readParquetRowGroup(file: string, index: number, onOpen?: (stats: BigIntStats) => void): AsyncGenerator<Record<string, unknown>> {
  const handle = await open(file, "r");
  try {
    onOpen?.(await handle.stat({ bigint: true }));
    const metadata = parquetMetadata(await footer(handle, (await handle.stat()).size));
    const group = metadata.row_groups[index];
    if (group === undefined) throw new Error(`${file}: no row group ${index} (it has ${metadata.row_groups.length})`);
    for (const row of rowGroupRows(handle.fd, group.columns, parquetSchema(metadata), { parsers: lazyTextParsers })) yield toPlainJson(row) as Record<string, unknown>;
  } finally {
    await handle.close();
  }
}

/**
 * Yields the rows of a parquet file. Row groups are decoded page by page (snappy, zstd, gzip, brotli, lz4 through
 * hyparquet-compressors), so memory holds a page per column and the decoded rows not yet yielded, not a whole row
 * group (datasets writes 1000-row groups: 100+ MB of trajectories).
 */
export async function* readParquetRows(file: string): AsyncGenerator<Record<string, unknown>> {
  const handle = await open(file, "r");
  try {
    const metadata = parquetMetadata(await footer(handle, (await handle.stat()).size));
    const schema = parquetSchema(metadata);
    for (const group of metadata.row_groups) {
      for (const row of rowGroupRows(handle.fd, group.columns, schema, { parsers: lazyTextParsers })) yield toPlainJson(row) as Record<string, unknown>;
    }
  } finally {
    await handle.close();
  }
}
