// Every built-in task in a real container: hidden tests absent before grading, grade 0 on the bug, 1 after the gold patch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseImage } from "../util/paths.js";
import type { SandboxFactory } from "../sandbox/sandbox.js";
import { removeRunContainers } from "../sandbox/docker-sandbox.js";
import { loadTasks } from "./load-tasks.js";
import type { GradeResult, Task } from "./task.js";
import { dockerTestSetup } from "../sandbox/testing/docker-test-setup.js";
import { applyPatch, mapLimited, withSandbox } from "./testing/task-sandbox.js";

const runId = `tasks-builtin-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping built-in benchmark container tests: ${setup.skip}`);

type Outcome = { task: Task; hiddenBefore: string; visibleTestsBefore: string; before: GradeResult; after: GradeResult; regressionAfter: boolean | null };

describe.skipIf("skip" in setup)("built-in mini benchmark in Docker", () => {
  let outcomes: Outcome[] = [];
  let factory: SandboxFactory;

  beforeAll(async () => {
    factory = (setup as { factory: SandboxFactory }).factory;
    const tasks = await loadTasks("builtin");
    outcomes = await mapLimited(tasks, 2, (task) =>
      withSandbox(factory, task.image, runId, async (sandbox) => {
        await task.prepare(sandbox);
        const hiddenBefore = (await sandbox.exec("ls /testbed/tests; git status --porcelain", { workdir: "/testbed" })).output;
        const visibleTestsBefore = (await sandbox.exec("python3 -m pytest -q -p no:cacheprovider tests", { workdir: "/testbed" })).output;
        await sandbox.exec("git clean -fdq", { workdir: "/testbed" });
        const before = await task.grade(sandbox, { timeoutSeconds: 60 });
        await sandbox.exec("git checkout -q . && git clean -fdq", { workdir: "/testbed" });
        await applyPatch(sandbox, task.goldPatch ?? "");
        const after = await task.grade(sandbox, { timeoutSeconds: 60 });
        const regressionAfter = (await task.regression?.(sandbox, { timeoutSeconds: 60 }))?.passed ?? null;
        return { task, hiddenBefore, visibleTestsBefore, before, after, regressionAfter };
      }),
    );
  });

  afterAll(async () => {
    await removeRunContainers(runId);
  });

  it("ships at least 12 tasks on the base image, each with a gold patch", () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(12);
    for (const { task } of outcomes) {
      expect(task.image).toBe(baseImage);
      expect(task.goldPatch).toMatch(/^diff --git a\//);
    }
  });

  it("keeps hidden tests out of /testbed until grading and commits a clean base state", () => {
    for (const { task, hiddenBefore } of outcomes) {
      expect(hiddenBefore, task.id).not.toContain("test_issue.py");
      expect(hiddenBefore.trim().split("\n").every((line) => line.startsWith("test_")), `${task.id}: ${hiddenBefore}`).toBe(true);
    }
  });

  it("has visible tests that pass on the buggy repo", () => {
    for (const { task, visibleTestsBefore } of outcomes) expect(visibleTestsBefore, task.id).toMatch(/\d+ passed/);
    for (const { task, visibleTestsBefore } of outcomes) expect(visibleTestsBefore, task.id).not.toMatch(/failed|error/);
  });

  it("grades 0 before the fix, with every FAIL_TO_PASS test failing and PASS_TO_PASS passing", () => {
    for (const { task, before } of outcomes) {
      expect(before.reward, `${task.id}\n${before.testOutput}`).toBe(0);
      const config = task.ds as { fail_to_pass: string[]; pass_to_pass: string[] };
      for (const test of config.fail_to_pass) expect(before.tests[test], `${task.id} ${test}`).toBe("FAILED");
      for (const test of config.pass_to_pass) expect(before.tests[test], `${task.id} ${test}`).toBe("PASSED");
    }
  });

  it("grades 1 after git apply of the gold patch, and the regression tests pass", () => {
    for (const { task, after, regressionAfter } of outcomes) {
      expect(after.reward, `${task.id}\n${after.testOutput}`).toBe(1);
      expect(regressionAfter, task.id).toBe(true);
      expect(after.seconds).toBeGreaterThan(0);
    }
  });
});
