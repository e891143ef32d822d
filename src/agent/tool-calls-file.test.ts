// The calls file of `entropo tool`: a syntax error is named at FILE:LINE:COLUMN, not V8's byte position.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeBrokenJson } from "../testing/broken-json.js";
import { readToolCalls } from "./tool-calls-file.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-tool-calls-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readToolCalls", () => {
  it("reads an array of assistant texts and names the file, line and column of a syntax error", async () => {
    const good = join(dir, "calls.json");
    writeFileSync(good, JSON.stringify(["first", "second"], null, 2));
    expect(await readToolCalls(good)).toEqual(["first", "second"]);
    const expected = writeBrokenJson(join(dir, "broken.json"));
    await expect(readToolCalls(join(dir, "broken.json"))).rejects.toThrow(expected);
  });
});
