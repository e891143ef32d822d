// Predictions files read back: a JSON-array file with a syntax error is named at FILE:LINE:COLUMN.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeBrokenJson } from "../testing/broken-json.js";
import { readPredictionsFile, writePredictionsFile } from "./predictions.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-predictions-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readPredictionsFile", () => {
  it("reads a .json array back and names the file, line and column of a syntax error", async () => {
    const prediction = { instance_id: "a", model_name_or_path: "m", model_patch: "" };
    await writePredictionsFile(join(dir, "ok.json"), [prediction]);
    expect(await readPredictionsFile(join(dir, "ok.json"))).toEqual([prediction]);
    const expected = writeBrokenJson(join(dir, "broken.json"));
    await expect(readPredictionsFile(join(dir, "broken.json"))).rejects.toThrow(expected);
  });
});
