// The entropy experiment's result.json: a syntax error names FILE:LINE:COLUMN, not V8's byte position.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readBrokenJson } from "../testing/broken-json.js";
import { readEntropyResult } from "./entropy-result.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-entropy-result-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readEntropyResult", () => {
  it("names the file, line and column of a syntax error", async () => {
    const { error, expected } = await readBrokenJson(join(dir, "result.json"), readEntropyResult);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).not.toMatch(/position \d+/);
  });
});
