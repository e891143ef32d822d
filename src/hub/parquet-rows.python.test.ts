// The page-streaming parquet reader returns exactly what hyparquet's whole-file parquetReadObjects returns (python tier:
// pyarrow of the project's venv writes the parquet files).
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectPython } from "../util/paths.js";
import { seededRandom } from "../util/seeded-random.js";
import { readParquetRows } from "./parquet-rows.js";

const run = promisify(execFile);

/** Message-list rows like a Hugging Face trajectory dataset: long texts (many pages per row), nulls, numbers, lists. */
function rows(count: number): Array<Record<string, unknown>> {
  const random = seededRandom("parquet-rows");
  const text = (length: number): string => Array.from({ length }, () => "abc déf – ✓ \n\"x\" ".charAt(Math.floor(random() * 17))).join("");
  return Array.from({ length: count }, (_, index) => ({
    instance_id: `task-${index % 5}`,
    // Row 13 holds a 200 KB text: page headers with its min/max statistics outgrow the 64 KiB header probe.
    messages: Array.from({ length: 1 + Math.floor(random() * 9) }, (_, turn) => ({ role: turn % 2 === 0 ? "user" : "assistant", content: text(index === 13 && turn === 0 ? 200_000 : Math.floor(random() * 9000)) })),
    reward: index % 4 === 0 ? null : index % 3 === 0 ? 1 : 0,
    step_number: index,
    score: random(),
    tags: index % 3 === 0 ? [] : ["a", "b"].slice(0, index % 3),
  }));
}

/** Writes the rows as parquet with pyarrow: small row groups and pages so rows span pages and groups. */
async function writeVariants(directory: string): Promise<string[]> {
  const source = join(directory, "rows.json");
  await writeFile(source, JSON.stringify(rows(61)));
  const script = `
import json, sys, pyarrow as pa, pyarrow.parquet as pq
table = pa.Table.from_pylist(json.load(open(sys.argv[1])))
out = sys.argv[2]
pq.write_table(table, out + "/snappy.parquet")
pq.write_table(table, out + "/zstd-small-pages.parquet", row_group_size=7, data_page_size=2048, compression="zstd")
pq.write_table(table, out + "/gzip-v2-plain.parquet", row_group_size=5, data_page_size=4096, data_page_version="2.0", use_dictionary=False, compression="gzip")
pq.write_table(table, out + "/uncompressed.parquet", row_group_size=1000, data_page_size=512, compression="none")
`;
  await run(projectPython(), ["-c", script, source, directory]);
  return ["snappy", "zstd-small-pages", "gzip-v2-plain", "uncompressed"].map((name) => join(directory, `${name}.parquet`));
}

describe("readParquetRows (page by page)", () => {
  let files: string[] = [];
  let directory = "";
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "entropo-parquet-"));
    files = await writeVariants(directory);
  });
  afterAll(async () => {
    if (directory !== "") await rm(directory, { recursive: true, force: true });
  });

  it("equals parquetReadObjects row for row (codecs, page versions, row groups, rows spanning pages, nulls)", async () => {
    for (const file of files) {
      const expected = (await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors })).map((row) => JSON.stringify(row, (_, value: unknown) => (typeof value === "bigint" ? Number(value) : value)));
      const actual: string[] = [];
      for await (const row of readParquetRows(file)) actual.push(JSON.stringify(row));
      expect(actual.length, file).toBe(61);
      expect(actual, file).toEqual(expected);
    }
  });
});
