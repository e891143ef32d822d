// build-image's input errors (named options, before any download) and /testbed prepared from a bundle as SWE-bench's
// setup_repo.sh leaves it: base_commit on the default branch, no remote, no later commit reachable.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { sharedDataDir } from "../../util/paths.js";
import { collectAll } from "../../testing/collect.js";
import { buildSwebenchImages } from "./build-images.js";
import { cloneRepository, pruneToBaseCommit } from "./testbed-clone.js";

const liteFile = join(sharedDataDir(), "swe-bench", "swe-bench-lite.json");
const bundle = join(sharedDataDir(), "swe-bench", "repos", "psf__requests.bundle");
const haveData = existsSync(liteFile) && existsSync(bundle);
if (!haveData) console.warn(`skipping build-image input tests: ${liteFile} or ${bundle} is absent`);

describe.skipIf(!haveData)("buildSwebenchImages input", () => {
  const build = (ids: string[], tasks = liteFile) => collectAll(buildSwebenchImages({ tasks, ids, repo: bundle }));
  it("names the option for no ids, an unknown id and task rows that are not SWE-bench rows", async () => {
    await expect(build([])).rejects.toThrow("option --ids expects one or more instance ids, received none");
    await expect(build(["psf__requests-0"])).rejects.toThrow(/option --ids: no row "psf__requests-0"/);
    await expect(build(["lru-cache"], "builtin")).rejects.toThrow(/option --tasks: builtin holds a local task/);
  });
});

describe.skipIf(!haveData)("/testbed from a bundle", () => {
  const directory = mkdtempSync(join(tmpdir(), "entropo-testbed-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const base = "36453b95b13079296776d11b09cab2567ea3e703";

  it("checks out base_commit on the default branch with no remote and no later commit; a missing commit is named", async () => {
    const testbed = join(directory, "requests");
    await cloneRepository(bundle, testbed);
    await expect(pruneToBaseCommit(testbed, "0".repeat(40), bundle)).rejects.toThrow(`option --repo: ${bundle} does not contain base_commit ${"0".repeat(40)}`);
    await pruneToBaseCommit(testbed, base, bundle);
    const git = async (...args: string[]) => (await execa("git", ["-C", testbed, ...args])).stdout.trim();
    expect(await git("rev-parse", "HEAD")).toBe(base);
    expect(await git("symbolic-ref", "--short", "HEAD")).not.toBe("");
    expect(await git("remote")).toBe("");
    const baseTime = Number(await git("show", "-s", "--format=%ct", base));
    const times = (await git("log", "--all", "--format=%ct")).split("\n").map(Number);
    expect(Math.max(...times)).toBeLessThanOrEqual(baseTime);
    expect(await git("status", "--porcelain")).toBe("");
  });
});
