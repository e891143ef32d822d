import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonlChunks } from "../datasets/parallel/plan-tasks.js";
import { collectAll } from "../testing/collect.js";
import { afterLastNewline, lineRanges } from "./line-ranges.js";
import { seededRandom } from "./seeded-random.js";
import { readTextLines } from "./text-lines.js";

const work = await mkdtemp(join(tmpdir(), "entropo-line-ranges-"));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Random text over an alphabet rich in line breaks (\n, \r\n, lone \r, blank lines) and multi-byte characters. */
function randomText(random: () => number, length: number): string {
  const alphabet = ["a", "b", "\n", "\r", "\r\n", " ", "é", "•", "😀", "\n\n"];
  let text = "";
  while (text.length < length) text += alphabet[Math.floor(random() * alphabet.length)] as string;
  return text;
}

describe("lineRanges", () => {
  it("splits a buffer into the lines readTextLines yields for a file with the same bytes", async () => {
    const random = seededRandom("line-ranges");
    for (let trial = 0; trial < 60; trial += 1) {
      const bytes = Buffer.from(randomText(random, Math.floor(random() * 400)), "utf8");
      const file = join(work, `t${trial}.txt`);
      await writeFile(file, bytes);
      const expected = await collectAll(readTextLines(file, 1 + Math.floor(random() * 7)));
      expect(lineRanges(bytes).map(([start, end]) => bytes.toString("utf8", start, end))).toEqual(expected);
    }
  });

  it("afterLastNewline cuts after the last \\n only (never inside \\r\\n)", () => {
    expect(afterLastNewline(Buffer.from("a\r\nb\rc"))).toBe(3);
    expect(afterLastNewline(Buffer.from("abc\r"))).toBe(0);
    expect(afterLastNewline(Buffer.from(""))).toBe(0);
  });
});

describe("jsonlChunks", () => {
  it("cuts a file into chunks of whole lines whose first line numbers count every line before them", async () => {
    const random = seededRandom("jsonl-chunks");
    for (let trial = 0; trial < 30; trial += 1) {
      const text = randomText(random, 50 + Math.floor(random() * 600));
      const file = join(work, `c${trial}.jsonl`);
      await writeFile(file, text);
      const expected = await collectAll(readTextLines(file));
      const lines: string[] = [];
      for await (const { firstLine, bytes } of jsonlChunks(file, 1 + Math.floor(random() * 40))) {
        // Each chunk starts at the line after the previous chunk's lines.
        expect(firstLine).toBe(lines.length + 1);
        const buffer = Buffer.from(bytes);
        lines.push(...lineRanges(buffer).map(([start, end]) => buffer.toString("utf8", start, end)));
      }
      expect(lines).toEqual(expected);
    }
  });
});
