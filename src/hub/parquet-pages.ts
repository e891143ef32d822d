// Streams the rows of one parquet row group page by page (hyparquet's decoders), so memory is a few pages, not a row group.
import { readSync } from "node:fs";
import type { ColumnChunk, DecodedArray, ParquetParsers, SchemaTree } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { assembleNested } from "hyparquet/src/assemble.js";
import { parquetHeader, readPage } from "hyparquet/src/column.js";
import { convert, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { getTreePath, isFlatColumn } from "hyparquet/src/schema.js";

type Row = Record<string, unknown>;
type ColumnDecoder = Parameters<typeof readPage>[2];

/** Bytes read ahead to parse a page header (grown and retried when a header is larger). */
const headerProbe = 64 * 1024;

/** Reads `length` bytes at `position` of an open file into a new buffer. */
function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const count = readSync(fd, bytes, read, length - read, position + read);
    if (count === 0) throw new Error(`parquet file ends at byte ${position + read} inside a column chunk`);
    read += count;
  }
  return bytes;
}

/**
 * One leaf column of a row group, read from the file and decoded a page at a time (each page in its own buffer):
 * `rows` holds the values of rows known to be complete (a nested row may continue on the next page, so the last row of
 * a page waits until the next page starts).
 */
class LeafCursor {
  readonly rows: unknown[] = [];
  private position: number;
  private readonly end: number;
  private dictionary: DecodedArray | undefined;
  private pending: unknown[] | undefined;
  private readonly flat: boolean;

  constructor(
    readonly decoder: ColumnDecoder,
    private readonly fd: number,
    chunk: ColumnChunk,
  ) {
    const meta = chunk.meta_data;
    if (meta === undefined) throw new Error("parquet column chunk without metadata");
    this.position = Number(meta.dictionary_page_offset || meta.data_page_offset); // 0 means "no dictionary", as hyparquet reads it
    this.end = this.position + Number(meta.total_compressed_size);
    this.flat = isFlatColumn(decoder.schemaPath);
  }

  get done(): boolean {
    return this.position >= this.end - 1 && this.pending === undefined;
  }

  /** The next page's header and a reader positioned at its (compressed) data, in a buffer of its own. */
  private page(): { header: ReturnType<typeof parquetHeader>; reader: { view: DataView; offset: number } } {
    const remaining = this.end - this.position;
    for (let probe = Math.min(headerProbe, remaining); ; probe = Math.min(probe * 16, remaining)) {
      const head = readAt(this.fd, this.position, probe);
      const reader = { view: new DataView(head.buffer, head.byteOffset, head.byteLength), offset: 0 };
      let header: ReturnType<typeof parquetHeader>;
      try {
        header = parquetHeader(reader);
      } catch (error) {
        if (probe >= remaining) throw error;
        continue;
      }
      const total = reader.offset + header.compressed_page_size;
      const bytes = total <= head.length ? head : Buffer.concat([head, readAt(this.fd, this.position + head.length, total - head.length)]);
      this.position += total;
      return { header, reader: { view: new DataView(bytes.buffer, bytes.byteOffset, total), offset: reader.offset } };
    }
  }

  /** Decodes the next page (dictionary pages are kept for the data pages after them). */
  next(): void {
    if (this.position >= this.end - 1) {
      if (this.pending !== undefined) this.rows.push(...this.pending);
      this.pending = undefined;
      return;
    }
    const { header, reader } = this.page();
    if (header.type === "DICTIONARY_PAGE") {
      const { data } = readPage(reader, header, this.decoder, undefined, undefined, 0);
      if (data !== undefined) this.dictionary = convert(data, this.decoder);
      return;
    }
    const previous = this.pending;
    const { data } = readPage(reader, header, this.decoder, this.dictionary, previous, 0);
    if (data === undefined || data.length === 0) return;
    const values = Array.from(data as ArrayLike<unknown>);
    if (this.flat) {
      this.rows.push(...values);
      this.pending = undefined;
      return;
    }
    // `previous` (the last row of the page before) was continued or closed by this page; the new last row may go on.
    this.rows.push(...values.slice(0, -1));
    this.pending = values.slice(-1);
  }
}

export type PageStreamOptions = { parsers?: Partial<ParquetParsers> };

/**
 * Yields the rows of one row group as objects (hyparquet's `rowFormat: "object"` values), assembling nested columns
 * for each batch of rows complete in every leaf column. Memory: one page per leaf column being decoded, plus the
 * decoded values of rows not yet yielded (reads are synchronous positional reads of the local file).
 */
export function* rowGroupRows(fd: number, columns: readonly ColumnChunk[], schema: SchemaTree, options: PageStreamOptions = {}): Generator<Row> {
  const parsers = { ...DEFAULT_PARSERS, ...options.parsers };
  const cursors: LeafCursor[] = [];
  for (const chunk of columns) {
    const meta = chunk.meta_data;
    if (meta === undefined) throw new Error("parquet column chunk without metadata");
    const schemaPath = getTreePath(schema, meta.path_in_schema);
    const element = schemaPath.at(-1)?.element;
    if (element === undefined) throw new Error(`parquet column ${meta.path_in_schema.join(".")} not in the schema`);
    const decoder: ColumnDecoder = { pathInSchema: meta.path_in_schema, type: meta.type, element, schemaPath, codec: meta.codec, parsers, compressors };
    cursors.push(new LeafCursor(decoder, fd, chunk));
  }
  for (;;) {
    // Decode the leaf that is furthest behind until every leaf has a row (or all are exhausted).
    let behind = cursors.reduce<LeafCursor | undefined>((low, cursor) => (cursor.done ? low : low === undefined || cursor.rows.length < low.rows.length ? cursor : low), undefined);
    while (behind !== undefined && behind.rows.length === 0) {
      behind.next();
      behind = cursors.reduce<LeafCursor | undefined>((low, cursor) => (cursor.done ? low : low === undefined || cursor.rows.length < low.rows.length ? cursor : low), undefined);
    }
    const count = Math.min(...cursors.map((cursor) => cursor.rows.length));
    if (count === 0) return;
    yield* assembleRows(cursors.map((cursor) => [cursor.decoder.pathInSchema, cursor.rows.splice(0, count)]), schema, parsers);
  }
}

/** Builds row objects from per-leaf values of the same rows (nested columns assembled as hyparquet does). */
function* assembleRows(leaves: Array<[string[], unknown[]]>, schema: SchemaTree, parsers: ParquetParsers): Generator<Row> {
  const columns: Array<[string, unknown[]]> = [];
  for (const child of schema.children) {
    const name = child.element.name;
    const own = leaves.filter(([path]) => path[0] === name);
    if (own.length === 0) continue;
    if (child.children.length === 0) {
      columns.push([name, (own[0] as [string[], unknown[]])[1]]);
      continue;
    }
    const subcolumns = new Map<string, DecodedArray>(own.map(([path, values]) => [path.join("."), values]));
    assembleNested(subcolumns, child, parsers);
    const assembled = subcolumns.get(name);
    if (assembled === undefined) throw new Error(`parquet column ${name} not assembled`);
    columns.push([name, Array.from(assembled as ArrayLike<unknown>)]);
  }
  const count = columns[0]?.[1].length ?? 0;
  for (let index = 0; index < count; index += 1) {
    const row: Row = {};
    for (const [name, values] of columns) row[name] = values[index];
    yield row;
  }
}
