// psf__requests-3362 built offline (non-editable `pip install .`, the conda package list through pip): its
// FAIL_TO_PASS test runs offline, but two PASS_TO_PASS tests need a routed network, so the gold patch grades 0 here.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseImage, sharedDataDir } from "../../util/paths.js";
import { createDockerSandboxFactory } from "../../sandbox/docker-sandbox.js";
import { containersOfRun, dockerUnavailableReason } from "../../sandbox/testing/docker-test-setup.js";
import { collectAll } from "../../testing/collect.js";
import { gradeSwebenchLog } from "../swebench-grading.js";
import { swebenchRowSchema, type SwebenchRow } from "../swebench-row.js";
import { createSwebenchTask } from "../swebench-task.js";
import { oracleGrade, oracleMissing } from "../testing/swebench-oracle.js";
import { applyPatch, withSandbox } from "../testing/task-sandbox.js";
import { buildSwebenchImages } from "./build-images.js";

const liteFile = join(sharedDataDir(), "swe-bench", "swe-bench-lite.json");
const bundle = join(sharedDataDir(), "swe-bench", "repos", "psf__requests.bundle");
const id = "psf__requests-3362";
const unavailable =
  (await dockerUnavailableReason(baseImage)) ?? oracleMissing() ?? (existsSync(liteFile) && existsSync(bundle) ? null : `${liteFile} or ${bundle} is absent`);
if (unavailable !== null) console.warn(`skipping the offline requests instance test: ${unavailable}`);

const runId = `requests-offline-${process.pid}`;
const factory = createDockerSandboxFactory({ runId });
/** requests' tests that expect a connect timeout from 10.255.255.1: with no network they fail at once (ENETUNREACH). */
const needNetwork = ["tests/test_requests.py::TestTimeout::test_connect_timeout", "tests/test_requests.py::TestTimeout::test_total_timeout_connect"];

describe.skipIf(unavailable !== null)("psf__requests-3362 built offline", () => {
  let row: SwebenchRow;
  beforeAll(async () => {
    row = swebenchRowSchema.parse((JSON.parse(readFileSync(liteFile, "utf8")) as { instance_id: string }[]).find((candidate) => candidate.instance_id === id));
    await collectAll(buildSwebenchImages({ tasks: liteFile, ids: [id], repo: bundle }));
  }, 30 * 60_000);
  afterAll(async () => {
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("FAIL_TO_PASS passes only with the gold patch; every PASS_TO_PASS test passes except the two that need a network", async () => {
    const task = createSwebenchTask(row);
    const before = await withSandbox(factory, task.image, runId, (sandbox) => task.grade(sandbox, { timeoutSeconds: 600 }));
    const after = await withSandbox(factory, task.image, runId, async (sandbox) => {
      await applyPatch(sandbox, row.patch ?? "");
      return task.grade(sandbox, { timeoutSeconds: 600 });
    });
    const verdicts = { before: gradeSwebenchLog(row, before.testOutput, { mode: "swebench", version: "5.0.2" }), after: gradeSwebenchLog(row, after.testOutput, { mode: "swebench", version: "5.0.2" }) };
    expect(verdicts.before.FAIL_TO_PASS.failure).toEqual(row.FAIL_TO_PASS);
    expect(verdicts.after.FAIL_TO_PASS.success, after.testOutput.slice(-3000)).toEqual(row.FAIL_TO_PASS);
    expect(verdicts.after.PASS_TO_PASS.failure).toEqual(needNetwork);
    expect(after.testOutput).toContain("Network is unreachable");
    expect([before.reward, after.reward]).toEqual([0, 0]);
    const official = await oracleGrade("5.0.2", [{ row, log: after.testOutput }]);
    expect(official[0]?.resolved).toBe(false);
  });
});
