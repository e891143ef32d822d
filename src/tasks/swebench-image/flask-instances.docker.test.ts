// Real SWE-bench Lite instances offline: the three flask instances built by `tasks build-image` from the shared bundle,
// graded with no patch (0) and the gold patch (1), entropo's verdict equal to the official grader's on the same log,
// then `entropo rollout --teacher scripted` on them (a real child process).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectAll } from "../../testing/collect.js";
import { resultOf } from "../../testing/result-of.js";
import { projectRoot, sharedDataDir } from "../../util/paths.js";
import { createDockerSandboxFactory } from "../../sandbox/docker-sandbox.js";
import { containersOfRun, dockerUnavailableReason } from "../../sandbox/testing/docker-test-setup.js";
import { baseImage } from "../../util/paths.js";
import { swebenchRowSchema, type SwebenchRow } from "../swebench-row.js";
import { createSwebenchTask } from "../swebench-task.js";
import { swebenchVersions } from "../swebench-version.js";
import { applyPatch, withSandbox } from "../testing/task-sandbox.js";
import { oracleGrade, oracleMissing } from "../testing/swebench-oracle.js";
import { buildSwebenchImages, type BuiltImage } from "./build-images.js";

const liteFile = join(sharedDataDir(), "swe-bench", "swe-bench-lite.json");
const bundle = join(sharedDataDir(), "swe-bench", "repos", "pallets__flask.bundle");
const ids = ["pallets__flask-4992", "pallets__flask-5063", "pallets__flask-4045"];
const unavailable =
  (await dockerUnavailableReason(baseImage)) ?? oracleMissing() ?? (existsSync(liteFile) && existsSync(bundle) ? null : `${liteFile} or ${bundle} is absent`);
if (unavailable !== null) console.warn(`skipping the offline flask instance tests: ${unavailable}`);

const runId = `flask-offline-${process.pid}`;
const factory = createDockerSandboxFactory({ runId });

function loadRows(): SwebenchRow[] {
  const rows = JSON.parse(readFileSync(liteFile, "utf8")) as { instance_id: string }[];
  return ids.map((id) => swebenchRowSchema.parse(rows.find((row) => row.instance_id === id)));
}

describe.skipIf(unavailable !== null)("SWE-bench Lite flask instances built offline", () => {
  let rows: SwebenchRow[] = [];
  let built: BuiltImage[] = [];
  beforeAll(async () => {
    rows = loadRows();
    // Cached across runs by recipe key: only the first run on a machine downloads wheels and builds (minutes).
    const events = await collectAll(buildSwebenchImages({ tasks: liteFile, ids, repo: bundle }));
    built = resultOf(events, "tasks build-image").images;
  }, 40 * 60_000);
  afterAll(async () => {
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("tags each image with SWE-bench's name; the environment has the spec's Python or says which one it has", () => {
    expect(built.map((image) => image.image)).toEqual(ids.map((id) => `swebench/sweb.eval.x86_64.${id.replace("__", "_1776_")}:latest`));
    for (const image of built) {
      const wanted = image.instance_id === "pallets__flask-4045" ? "3.9" : "3.11";
      if (image.python !== wanted) expect(image.warnings.join("\n")).toMatch(new RegExp(`asks for Python ${wanted.replace(".", "\\.")}`));
    }
  });

  /** Flask 2.0's pinned pytest 6.2.5 cannot start on Python 3.11: without a host Python 3.9 its image cannot be graded. */
  const withoutPython39 = (): string | null => {
    const image = built.find((candidate) => candidate.instance_id === "pallets__flask-4045");
    return image === undefined || image.python === "3.9" ? null : `pallets__flask-4045 was built with Python ${image.python}: the host has no Python 3.9 (see docs/tasks.md)`;
  };

  for (const id of ids) {
    it(`${id}: no patch → 0, gold patch → 1; swebench 4.1.0 and 5.0.2 give the same verdicts on the same logs`, async (context) => {
      if (id === "pallets__flask-4045" && withoutPython39() !== null) {
        console.warn(`skipping: ${withoutPython39()}`);
        context.skip();
      }
      const row = rows.find((candidate) => candidate.instance_id === id) as SwebenchRow;
      const task = createSwebenchTask(row);
      // Each evaluation in a fresh container of the image, as SWE-bench's harness runs it.
      const before = await withSandbox(factory, task.image, runId, (sandbox) => task.grade(sandbox, { timeoutSeconds: 600 }));
      const after = await withSandbox(factory, task.image, runId, async (sandbox) => {
        await applyPatch(sandbox, row.patch ?? "");
        return task.grade(sandbox, { timeoutSeconds: 600 });
      });
      const logs = { before, after };
      expect(logs.before.reward, logs.before.testOutput.slice(-3000)).toBe(0);
      expect(logs.after.reward, logs.after.testOutput.slice(-3000)).toBe(1);
      for (const failToPass of row.FAIL_TO_PASS) expect(logs.after.tests[failToPass]).toBe("PASSED");
      for (const version of swebenchVersions) {
        const official = await oracleGrade(version, [
          { row, log: logs.before.testOutput },
          { row, log: logs.after.testOutput },
        ]);
        expect(official.map((verdict) => verdict.resolved)).toEqual([false, true]);
      }
    });
  }

  it("entropo rollout --teacher scripted resolves all three (a real child process, graded in the built images)", async () => {
    if (!existsSync(join(projectRoot(), "dist", "cli", "commands", "tasks.js"))) throw new Error("dist/ is not built: run `npm run build` first");
    const out = mkdtempSync(join(tmpdir(), "entropo-flask-rollout-"));
    const rolled = withoutPython39() === null ? ids : ids.filter((id) => id !== "pallets__flask-4045");
    try {
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [join(projectRoot(), "bin", "entropo.js"), "rollout", "--tasks", liteFile, "--ids", rolled.join(","), "--teacher", "scripted", "--out", out, "--grade-timeout", "600", "--json"], {
          stdio: ["ignore", "ignore", "inherit"],
        });
        child.on("close", resolve);
      });
      expect(code).toBe(0);
      const records = readFileSync(join(out, "trajectories.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { instance_id: string; reward: number; exit_reason: string });
      expect(records.map((record) => record.instance_id).sort()).toEqual([...rolled].sort());
      for (const record of records) expect(record.reward, `${record.instance_id}: ${record.exit_reason}`).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
