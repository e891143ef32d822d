// Task rows from a whole .json file: a syntax error names FILE:LINE:COLUMN, not V8's byte position.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { expectFileLineColumn } from "../testing/broken-json.js";
import { readRows } from "./json-rows.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-json-rows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readRows on a .json file", () => {
  it("names the file, line and column of a syntax error", async () => {
    await expectFileLineColumn(join(dir, "rows.json"), readRows);
  });
});
