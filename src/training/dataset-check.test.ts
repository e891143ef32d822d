// The dataset check before training: a dataset_info.json with a syntax error is named at FILE:LINE:COLUMN.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeBrokenJson } from "../testing/broken-json.js";
import { checkDatasets } from "./dataset-check.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-dataset-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("checkDatasets", () => {
  it("names the file, line and column of a syntax error in dataset_info.json", () => {
    const expected = writeBrokenJson(join(dir, "dataset_info.json"));
    expect(() => checkDatasets({ dataset_dir: dir, dataset: "sft" }, join(dir, "train.yaml"))).toThrow(expected);
    expect(() => checkDatasets({ dataset_dir: dir, dataset: "sft" }, join(dir, "train.yaml"))).not.toThrow(/position \d+/);
  });
});
