import { createReadStream } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { readTextLines } from "./text-lines.js";

async function viaReadline(file: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

async function viaTextLines(file: string, chunkBytes: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readTextLines(file, chunkBytes)) lines.push(line);
  return lines;
}

const contents: Record<string, string | Buffer> = {
  plain: '{"a":1}\n{"b":2}\n',
  "no final newline": '{"a":1}\n{"b":2}',
  "empty lines": "\n\nx\n\n\ny\n\n",
  crlf: "one\r\ntwo\r\n\r\nthree\r\n",
  "lone carriage returns": "one\rtwo\r\rthree\n\rfour",
  "multi-byte characters": "héllo wörld ✓ 日本語 🎉\nsecond 🎉🎉\n",
  "long line": `${"x".repeat(1_500)}\n${"é".repeat(500)}\nshort`,
  empty: "",
  "only a newline": "\n",
};

describe("readTextLines", () => {
  for (const [name, content] of Object.entries(contents)) {
    it(`splits like node:readline (crlfDelay Infinity) at every chunk size: ${name}`, async () => {
      const file = join(await mkdtemp(join(tmpdir(), "entropo-lines-")), "f.jsonl");
      await writeFile(file, content);
      const expected = await viaReadline(file);
      // Chunk sizes 1..7 put every line break, "\r\n" pair and multi-byte character across a chunk boundary.
      for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 20]) expect(await viaTextLines(file, chunkBytes)).toEqual(expected);
    });
  }
});
