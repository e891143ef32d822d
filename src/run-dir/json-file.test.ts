// The run directory's whole-file JSON (run.json, selection.json, best-of-k.json) names FILE:LINE:COLUMN of a syntax error.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonIfPresent } from "./json-file.js";

describe("readJsonIfPresent", () => {
  it("names the line and column of invalid JSON, and reads a missing file as undefined", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entropo-json-file-"));
    const file = join(dir, "selection.json");
    writeFileSync(file, '{\n  "strategy": "lite",\n  "resolved": 3,,\n  "instances": 5\n}\n');
    await expect(readJsonIfPresent(file)).rejects.toThrow(new RegExp(`^${file.replace(/[.]/g, "\\.")}:3:17: invalid JSON \\(`));
    await expect(readJsonIfPresent(join(dir, "run.json"))).resolves.toBeUndefined();
  });
});
