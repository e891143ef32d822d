// `entropo tool` input checks (no sandbox needed): a bad calls file names the file and the item.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../../testing/run-cli.js";

describe("entropo tool", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "entropo-tool-cli-"));
    await writeFile(join(dir, "hello.py"), "print('hi')\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("rejects a calls file that is not an array of strings, naming the file and the item", async () => {
    const calls = join(dir, "bad.json");
    await writeFile(calls, JSON.stringify(["ok", 3]));
    const result = await runCliInProcess(["tool", "--repo", dir, "--calls", calls]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.json");
    expect(result.stderr).toContain("item 1 is number");
  });
});
