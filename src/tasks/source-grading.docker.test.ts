// Grading of QuixBugs, R2E-Gym and SWE-bench (R2E-style /run_tests.sh) tasks in real containers of the base image.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baseImage, sharedDataDir } from "../util/paths.js";
import { removeRunContainers } from "../sandbox/docker-sandbox.js";
import type { SandboxFactory } from "../sandbox/sandbox.js";
import { loadTasks } from "./load-tasks.js";
import { createR2eTask } from "./r2e-task.js";
import { swebenchRowSchema } from "./swebench-row.js";
import { createSwebenchTask } from "./swebench-task.js";
import { dockerTestSetup } from "../sandbox/testing/docker-test-setup.js";
import { applyPatch, withSandbox } from "./testing/task-sandbox.js";

const runId = `tasks-sources-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping task source container tests: ${setup.skip}`);
const quixbugs = join(sharedDataDir(), "quixbugs");
if (!existsSync(quixbugs)) console.warn(`skipping QuixBugs container tests: ${quixbugs} is absent`);

describe.skipIf("skip" in setup)("task sources graded in Docker", () => {
  const factory = (): SandboxFactory => (setup as { factory: SandboxFactory }).factory;
  afterAll(async () => {
    await removeRunContainers(runId);
  });

  it.skipIf(!existsSync(quixbugs))("QuixBugs: buggy gcd grades 0, its gold patch 1; buggy bitcount hangs and grades 0 at the timeout", async () => {
    const tasks = await loadTasks(`quixbugs:${quixbugs}`, { ids: ["quixbugs__gcd", "quixbugs__bitcount"] });
    const gcd = tasks.find((task) => task.id === "quixbugs__gcd");
    const bitcount = tasks.find((task) => task.id === "quixbugs__bitcount");
    if (gcd === undefined || bitcount === undefined) throw new Error("gcd/bitcount not loaded");
    await withSandbox(factory(), gcd.image, runId, async (sandbox) => {
      await gcd.prepare(sandbox);
      const listing = (await sandbox.exec("find . -name '*.py' -not -path './.git/*' | sort", { workdir: "/testbed" })).output;
      expect(listing).toContain("python_programs/gcd.py");
      expect(listing).not.toContain("test_gcd.py");
      const before = await gcd.grade(sandbox, { timeoutSeconds: 60 });
      expect(before.reward).toBe(0);
      expect(Object.values(before.tests)).toContain("FAILED");
      await sandbox.exec("git checkout -q . && git clean -fdq", { workdir: "/testbed" });
      await applyPatch(sandbox, gcd.goldPatch ?? "");
      const after = await gcd.grade(sandbox, { timeoutSeconds: 60 });
      expect(after.reward, after.testOutput).toBe(1);
      expect(Object.keys(after.tests).length).toBeGreaterThan(1);
    });
    await withSandbox(factory(), bitcount.image, runId, async (sandbox) => {
      await bitcount.prepare(sandbox);
      const hung = await bitcount.grade(sandbox, { timeoutSeconds: 5 });
      expect(hung.reward).toBe(0);
      expect(hung.tests).toEqual({});
    });
  });

  it("R2E-Gym: setup moves run_tests.sh and r2e_tests out of /testbed; reward 1 iff statuses equal expected_output_json", async () => {
    const row = {
      docker_image: baseImage,
      repo_name: "mini",
      commit_hash: "0123456789abcdef",
      problem_statement: "double() is wrong",
      expected_output_json: JSON.stringify({ test_double: "PASSED", "TestMore.test_zero": "PASSED" }),
    };
    const task = createR2eTask(row);
    expect(task.id).toBe("mini_01234567");
    await withSandbox(factory(), task.image, runId, async (sandbox) => {
      // Both versions of mini.py have the same size and the same mtime (pinned), as when a fix lands within the
      // second of the previous write: the grade must not run the first version's cached bytecode.
      const pinMtime = "touch -d @1700000000 /testbed/mini.py";
      await sandbox.writeFile("/testbed/mini.py", "def double(x):\n    return x + 2\n");
      await sandbox.exec(pinMtime, { workdir: "/" });
      await sandbox.writeFile(
        "/testbed/r2e_tests/test_1.py",
        "from mini import double\n\ndef test_double():\n    assert double(3) == 6\n\nclass TestMore:\n    def test_zero(self):\n        assert double(0) == 0\n",
      );
      await sandbox.writeFile("/testbed/run_tests.sh", "python3 -m pytest -rA -p no:cacheprovider r2e_tests\n");
      await sandbox.exec("git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm base", { workdir: "/testbed" });
      await task.prepare(sandbox);
      expect((await sandbox.exec("ls /root", { workdir: "/" })).output.split(/\s+/)).toEqual(expect.arrayContaining(["r2e_tests", "run_tests.sh"]));
      expect((await sandbox.exec("readlink /testbed/r2e_tests", { workdir: "/" })).output.trim()).toBe("/root/r2e_tests");
      expect((await sandbox.exec("ls /testbed", { workdir: "/" })).output.split(/\s+/)).not.toContain("run_tests.sh");
      const before = await task.grade(sandbox, { timeoutSeconds: 60 });
      expect(before.tests).toEqual({ test_double: "FAILED", "TestMore.test_zero": "FAILED" });
      expect(before.reward).toBe(0);
      await sandbox.writeFile("/testbed/mini.py", "def double(x):\n    return x * 2\n");
      await sandbox.exec(pinMtime, { workdir: "/" });
      const after = await task.grade(sandbox, { timeoutSeconds: 60 });
      expect(after.reward, after.testOutput).toBe(1);
    });
  });

  it("SWE-bench (R2E image style): /run_tests.sh applies the test patch; FAIL_TO_PASS and PASS_TO_PASS decide", async () => {
    const testPatch = [
      "diff --git a/tests/test_new.py b/tests/test_new.py",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/tests/test_new.py",
      "@@ -0,0 +1,4 @@",
      "+from calc import add",
      "+",
      "+def test_negative():",
      "+    assert add(-1, -1) == -2",
      "",
    ].join("\n");
    const row = swebenchRowSchema.parse({
      instance_id: "mini__calc-1", repo: "mini/calc", base_commit: "HEAD", problem_statement: "add() ignores signs", version: "1.0",
      test_patch: testPatch, patch: "", log_parser: "parse_log_pytest",
      FAIL_TO_PASS: JSON.stringify(["tests/test_new.py::test_negative"]), PASS_TO_PASS: JSON.stringify(["tests/test_old.py::test_positive"]),
    });
    const task = createSwebenchTask(row, { style: "r2e" });
    expect(task.image).toBe("slimshetty/swebench-verified:sweb.eval.x86_64.mini__calc-1");
    await withSandbox(factory(), baseImage, runId, async (sandbox) => {
      await sandbox.writeFile("/testbed/calc.py", "def add(a, b):\n    return abs(a) + abs(b)\n");
      await sandbox.writeFile("/testbed/tests/test_old.py", "from calc import add\n\ndef test_positive():\n    assert add(2, 3) == 5\n");
      await sandbox.exec("git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm base", { workdir: "/testbed" });
      await sandbox.writeFile("/tmp/test.patch", testPatch);
      await sandbox.writeFile(
        "/run_tests.sh",
        "set -uxo pipefail\ncd /testbed\ngit apply /tmp/test.patch\n: '>>>>> Start Test Output'\npython3 -m pytest -rA -p no:cacheprovider tests\n: '>>>>> End Test Output'\n",
      );
      const before = await task.grade(sandbox, { timeoutSeconds: 60 });
      expect(before.tests["tests/test_new.py::test_negative"]).toBe("FAILED");
      expect(before.reward).toBe(0);
      expect((await task.regression?.(sandbox, { timeoutSeconds: 60 }))?.passed).toBe(true);
      await sandbox.exec("git checkout -q . && git clean -fdq", { workdir: "/testbed" });
      await sandbox.writeFile("/testbed/calc.py", "def add(a, b):\n    return a + b\n");
      const after = await task.grade(sandbox, { timeoutSeconds: 60 });
      expect(after.reward, after.testOutput).toBe(1);
    });
  });
});
