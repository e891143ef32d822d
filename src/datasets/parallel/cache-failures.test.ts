// A DPO/KTO worker build that cannot store a batch fails with one clear error and leaves no cache link or spill file
// (the failure happens in a worker's message handler, where a throw would end the process with a stack trace).
import { execFile } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../util/paths.js";
import { SameBuild } from "./testing/same-build.js";

const run = promisify(execFile);
let harness: SameBuild;
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  harness = await SameBuild.create();
});

afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  if (harness !== undefined) await rm(harness.work, { recursive: true, force: true });
});

/** `entropo data kto` through the built CLI, as users run it; resolves with the exit code and stderr. */
async function kto(inputs: string[], out: string, tmp: string): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, ENTROPO_CACHE: join(harness.work, "cache"), TMPDIR: tmp };
  const args = [join(projectRoot(), "bin", "entropo.js"), "data", "kto", "--input", ...inputs, "--out", out, "--name", "k", "--workers", "1"];
  return run(process.execPath, args, { env, maxBuffer: 1 << 24 }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

describe("a worker build whose batches cannot be stored", () => {
  it("fails with the error, removes this build's entry links and writes no dataset", async () => {
    // Three renamed copies of runs-a: entries of over 1 MiB, handed over by reference once warm.
    const lines = (await readFile(harness.inputs["runs-a.jsonl"] as string, "utf8")).split("\n").filter((line) => line !== "");
    const big = join(harness.work, "big.jsonl");
    await writeFile(big, [0, 1, 2].flatMap((copy) => lines.map((line) => line.replace(/"instance_id":"([^"]+)"/, `"instance_id":"$1-c${copy}"`))).join("\n") + "\n");
    expect((await kto([big], join(harness.work, "warm"), harness.temp)).code).toBe(0);
    // TMPDIR is a file: the spill file for the new, uncached input's rows cannot be made.
    const notADirectory = join(harness.work, "not-a-directory");
    await writeFile(notADirectory, "");
    const out = join(harness.work, "failed");
    const failed = await kto([big, harness.inputs["runs-b.jsonl"] as string], out, notADirectory);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/^entropo: .*ENOTDIR/m);
    expect(failed.stderr).not.toMatch(/node:internal|^\s+at /m);
    expect((await readdir(join(harness.work, "cache", "data-prepared"))).filter((name) => name.includes(".tmp-"))).toEqual([]);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });
});
