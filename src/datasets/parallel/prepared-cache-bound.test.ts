// The size bound of the prepared-record cache removes the least recently used entries first, and temporary files.
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { boundCache, removeTemporary } from "./prepared-cache-bound.js";
import { buildTag } from "./prepared-cache-settings.js";

let dir = "";
afterEach(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("boundCache and removeTemporary", () => {
  it("deletes entries by last use (oldest first) until the folder fits, a killed build's old temporary files, and a given build's", async () => {
    dir = await mkdtemp(join(tmpdir(), "entropo-cache-bound-"));
    // Used at t = 3, 1, 4, 2 seconds: 100 bytes each.
    for (const [name, used] of [["c", 3], ["a", 1], ["d", 4], ["b", 2]] as const) {
      await writeFile(join(dir, name), Buffer.alloc(100));
      await utimes(join(dir, name), used, used);
    }
    await writeFile(join(dir, "e.tmp-1-x-00"), Buffer.alloc(1000));
    await writeFile(join(dir, "e.tmp-2-y-00"), Buffer.alloc(1000));
    // A killed build's temporary file, two days old.
    await writeFile(join(dir, "f.tmp-3-z-00"), Buffer.alloc(10));
    await utimes(join(dir, "f.tmp-3-z-00"), Date.now() / 1000 - 2 * 86400, Date.now() / 1000 - 2 * 86400);
    expect(await boundCache(dir, 250)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(["c", "d", "e.tmp-1-x-00", "e.tmp-2-y-00"]);
    expect(await boundCache(dir, 250)).toBe(0);
    await removeTemporary(dir, "1-x");
    expect((await readdir(dir)).sort()).toEqual(["c", "d", "e.tmp-2-y-00"]);
  });

  it("removes at once the temporary files (and entry links, whose times hits refresh) of a build of this machine that is gone", async () => {
    dir = await mkdtemp(join(tmpdir(), "entropo-cache-bound-"));
    const gone = spawnSync("true").pid as number;
    const names = { gone: `k.tmp-${buildTag(gone)}-00`, alive: `k.tmp-${buildTag()}-01`, otherHost: `k.tmp-0badc0de-${gone}-12345678-02` };
    for (const name of Object.values(names)) await writeFile(join(dir, name), "x");
    await boundCache(dir, 1 << 20);
    expect((await readdir(dir)).sort()).toEqual([names.alive, names.otherHost].sort());
  });
});
