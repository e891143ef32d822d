// Merging into an existing dataset_info.json: a syntax error in it is named at FILE:LINE:COLUMN and the file is kept.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { missingCommaJson, writeBrokenJson } from "../testing/broken-json.js";
import { mergeDatasetInfo } from "./dataset-info.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-dataset-info-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mergeDatasetInfo", () => {
  it("names the file, line and column of a syntax error in the existing file, and leaves it as it was", async () => {
    const file = join(dir, "dataset_info.json");
    const expected = writeBrokenJson(file);
    const error = await mergeDatasetInfo(dir, "sft", { file_name: "sft.json", formatting: "sharegpt", columns: { messages: "messages" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(expected);
    expect((error as InputError).hint).toMatch(/fix or remove it/);
    expect(readFileSync(file, "utf8")).toBe(missingCommaJson);
  });
});
