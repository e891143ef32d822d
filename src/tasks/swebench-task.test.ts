// SWE-bench rows: loading the real SWE-bench Lite file, image names, eval script, per-repo log parsers on realistic logs.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDataDir } from "../util/paths.js";
import { loadTasks } from "./load-tasks.js";
import { swebenchEvalScript, swebenchImageName, testDirectives } from "./swebench-eval.js";
import { gradeSwebenchLog } from "./swebench-grading.js";
import { swebenchParserFor, supportedSwebenchRepos, type SwebenchLogParser } from "./swebench-log-parsers.js";
import { swebenchRowSchema } from "./swebench-row.js";

/** The 5.0.2 parser of a repo, its result as a plain object. */
function parse(repo: string, log: string, version: "4.1.0" | "5.0.2" = "5.0.2"): Record<string, string> {
  const parser = swebenchParserFor(repo, version) as SwebenchLogParser;
  return Object.fromEntries(parser(log));
}

const liteFile = join(sharedDataDir(), "swe-bench", "swe-bench-lite.json");
const haveLite = existsSync(liteFile);
if (!haveLite) console.warn(`skipping SWE-bench Lite loading tests: ${liteFile} is absent`);

describe.skipIf(!haveLite)("SWE-bench Lite rows from the real file", () => {
  it("loads all 300 rows with parsed FAIL_TO_PASS/PASS_TO_PASS and the public image names", async () => {
    const tasks = await loadTasks(liteFile);
    expect(tasks).toHaveLength(300);
    const django = tasks.find((task) => task.id === "django__django-15202");
    expect(django?.source).toBe("swe-bench");
    expect(django?.image).toBe("swebench/sweb.eval.x86_64.django_1776_django-15202:latest");
    expect(django?.goldPatch).toMatch(/^diff --git a\/django\/core\/validators.py/);
    expect(JSON.parse(String(django?.ds.FAIL_TO_PASS))).toContain("test_urlfield_clean_invalid (forms_tests.field_tests.test_urlfield.URLFieldTest)");
    const repos = new Set(tasks.map((task) => String(task.ds.repo)));
    for (const repo of repos) expect(supportedSwebenchRepos).toContain(repo);
  });

  it("uses R2E's slimshetty images on request, and --ids/--limit select rows", async () => {
    const tasks = await loadTasks(liteFile, { ids: ["sympy__sympy-20590", "astropy__astropy-12907"], swebenchImages: "r2e" });
    expect(tasks.map((task) => task.image).sort()).toEqual([
      "slimshetty/swebench-verified:sweb.eval.x86_64.astropy__astropy-12907",
      "slimshetty/swebench-verified:sweb.eval.x86_64.sympy__sympy-20590",
    ]);
    expect(await loadTasks(liteFile, { limit: 3 })).toHaveLength(3);
    await expect(loadTasks(liteFile, { ids: ["nope__nope-1"] })).rejects.toThrow(/--ids: no task "nope__nope-1"/);
  });

  it("builds the eval script with the test patch, the repo's test command and django module directives", async () => {
    const rows = JSON.parse(await import("node:fs/promises").then((fs) => fs.readFile(liteFile, "utf8"))) as unknown[];
    const django = swebenchRowSchema.parse(rows.find((row) => (row as { instance_id: string }).instance_id === "django__django-15202"));
    expect(testDirectives(django)).toEqual(["forms_tests.field_tests.test_urlfield"]);
    const script = swebenchEvalScript(django, "4.1.0");
    expect(script).toContain(`git checkout ${django.base_commit} tests/forms_tests/field_tests/test_urlfield.py`);
    expect(script).toContain("./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 forms_tests.field_tests.test_urlfield");
    expect(script).toContain(django.test_patch);
    expect(script.indexOf(">>>>> Start Test Output")).toBeLessThan(script.indexOf("runtests.py"));
  });
});

describe("image names", () => {
  it("follow SWE-bench's namespace rule (__ → _1776_, lowercase) and R2E's slimshetty tag", () => {
    expect(swebenchImageName("psf__requests-2317")).toBe("swebench/sweb.eval.x86_64.psf_1776_requests-2317:latest");
    expect(swebenchImageName("psf__requests-2317", "r2e")).toBe("slimshetty/swebench-verified:sweb.eval.x86_64.psf__requests-2317");
  });
});

describe("SWE-bench log parsers on realistic logs", () => {
  it("django: unittest verbose lines, multi-line ok and FAIL/ERROR headers", () => {
    const log = [
      "test_urlfield_clean (forms_tests.field_tests.test_urlfield.URLFieldTest) ... ok",
      "test_urlfield_clean_invalid (forms_tests.field_tests.test_urlfield.URLFieldTest) ... FAIL",
      "test_urlfield_widget (forms_tests.field_tests.test_urlfield.URLFieldTest) ... ERROR",
      "test_slow (forms_tests.field_tests.test_urlfield.URLFieldTest) ... skipped 'slow'",
      "test_noisy (forms_tests.tests.Noisy) ... Some printed text",
      "ok",
      "======================================================================",
      "FAIL: test_other (forms_tests.tests.Other)",
    ].join("\n");
    expect(parse("django/django", log)).toEqual({
      "test_urlfield_clean (forms_tests.field_tests.test_urlfield.URLFieldTest)": "PASSED",
      "test_urlfield_clean_invalid (forms_tests.field_tests.test_urlfield.URLFieldTest)": "FAILED",
      "test_urlfield_widget (forms_tests.field_tests.test_urlfield.URLFieldTest)": "ERROR",
      "test_slow (forms_tests.field_tests.test_urlfield.URLFieldTest)": "SKIPPED",
      "test_noisy (forms_tests.tests.Noisy)": "PASSED",
      "test_other": "FAILED",
    });
  });

  it("sympy: bin/test --verbose lines and failure headers", () => {
    const log = [
      "sympy/core/tests/test_basic.py[3] ",
      "test__aresame ok",
      "test_structure F",
      "test_atoms E",
      "________________________________________________________________________________",
      "_____________ sympy/core/tests/test_basic.py:test_structure ______________",
    ].join("\n");
    expect(parse("sympy/sympy", log)).toEqual({
      test__aresame: "PASSED",
      test_structure: "FAILED",
      test_atoms: "ERROR",
      "sympy/core/tests/test_basic.py:test_structure": "FAILED",
    });
  });

  it("pytest options and v2 variants", () => {
    expect(parse("psf/requests", "PASSED tests/test_x.py::test_path[/tmp/a/b/file.txt]")).toEqual({ "tests/test_x.py::test_path[/file.txt]": "PASSED" });
    expect(parse("astropy/astropy", "\u001b[32mPASSED\u001b[0m a.py::t\na.py::u FAILED")).toEqual({ "a.py::t": "PASSED", "a.py::u": "FAILED" });
    // 5.0.2 keys a status-first line by everything after the status, 4.1.0 by the next token only.
    expect(parse("sphinx-doc/sphinx", "XFAIL a.py::t - reason")).toEqual({ "a.py::t - reason": "XFAIL" });
    expect(parse("sphinx-doc/sphinx", "XFAIL a.py::t - reason", "4.1.0")).toEqual({ "a.py::t": "XFAIL" });
  });

  it("grades an eval log between the markers, and nothing when the test patch failed to apply", () => {
    const row = swebenchRowSchema.parse({
      instance_id: "o__r-1", repo: "pytest-dev/pytest", base_commit: "abc", problem_statement: "x", version: "5.4",
      test_patch: "diff --git a/testing/test_a.py b/testing/test_a.py\n--- a/testing/test_a.py\n+++ b/testing/test_a.py\n",
      FAIL_TO_PASS: '["testing/test_a.py::test_new"]', PASS_TO_PASS: "[]",
    });
    const output = "+ git apply\n+ : '>>>>> Start Test Output'\nPASSED testing/test_a.py::test_new\n+ : '>>>>> End Test Output'\nPASSED testing/x.py::ignored";
    for (const version of ["4.1.0", "5.0.2"] as const) {
      const grading = { mode: "swebench" as const, version };
      const verdict = gradeSwebenchLog(row, output, grading);
      expect(Object.fromEntries(verdict.statuses)).toEqual({ "testing/test_a.py::test_new": "PASSED" });
      expect(verdict.resolved).toBe(true);
      expect(gradeSwebenchLog(row, ">>>>> Patch Apply Failed\n" + output, grading)).toMatchObject({ resolved: false, found: false });
      expect(gradeSwebenchLog(row, output, grading, { timedOut: true })).toMatchObject({ resolved: false, found: false });
      // No end marker: the official grader finds nothing; the lenient rules read on to the end of the log.
      const cut = output.slice(0, output.indexOf("+ : '>>>>> End"));
      expect(gradeSwebenchLog(row, cut, grading).resolved).toBe(false);
      expect(gradeSwebenchLog(row, cut, { mode: "lenient", version }).resolved).toBe(true);
    }
  });
});
