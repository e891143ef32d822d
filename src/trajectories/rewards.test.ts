// A rewards file (R2E collection_summary.json or a {key: reward} map): a syntax error is named at FILE:LINE:COLUMN.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { writeBrokenJson } from "../testing/broken-json.js";
import { loadRewards } from "./rewards.js";

const dir = mkdtempSync(join(tmpdir(), "entropo-rewards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadRewards", () => {
  it("reads a plain map and names the file, line and column of a syntax error", async () => {
    writeFileSync(join(dir, "map.json"), JSON.stringify({ "a#0": 1, b: 0 }, null, 2));
    expect((await loadRewards(join(dir, "map.json"))).table.get("a#0")?.reward).toBe(1);
    const expected = writeBrokenJson(join(dir, "broken.json"));
    const error = await loadRewards(join(dir, "broken.json")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(expected);
    expect((error as InputError).hint).toBe("--rewards expects a JSON file");
  });
});
