// Reads a parquet file row by row (bounded memory) as plain JSON-compatible objects, with hyparquet.
import { open } from "node:fs/promises";
import { parquetMetadata, parquetSchema } from "hyparquet";
import { rowGroupRows } from "./parquet-pages.js";

/** Converts what hyparquet returns (BigInt, Date, typed arrays) into JSON-compatible values. */
function toPlainJson(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, toPlainJson);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainJson(item)]));
  }
  return value;
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

/** Yields the rows of one row group of a parquet file (as {@link readParquetRows} yields them). */
export async function* readParquetRowGroup(file: string, index: number): AsyncGenerator<Record<string, unknown>> {
  const handle = await open(file, "r");
  try {
    const metadata = parquetMetadata(await footer(handle, (await handle.stat()).size));
    const group = metadata.row_groups[index];
    if (group === undefined) throw new Error(`${file}: no row group ${index} (it has ${metadata.row_groups.length})`);
    for (const row of rowGroupRows(handle.fd, group.columns, parquetSchema(metadata))) yield toPlainJson(row) as Record<string, unknown>;
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
      for (const row of rowGroupRows(handle.fd, group.columns, schema)) yield toPlainJson(row) as Record<string, unknown>;
    }
  } finally {
    await handle.close();
  }
}
