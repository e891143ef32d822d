// The entropy experiment's result.json: a syntax error names FILE:LINE:COLUMN, not V8's byte position.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { expectFileLineColumn } from "../testing/broken-json.js";
import { readEntropyResult } from "./entropy-result.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-entropy-result-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readEntropyResult", () => {
  it("names the file, line and column of a syntax error", async () => {
    await expectFileLineColumn(join(dir, "result.json"), readEntropyResult);
  });
});
