// `entropo tasks grade-log`: saved logs named <instance_id>__<anything>.log (and harness test_output.txt) re-graded,
// one JSON line each, with the official rules of either release or the lenient ones; bad input names the file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../testing/run-cli.js";
import type { LogVerdict } from "./grade-logs.js";

const directory = mkdtempSync(join(tmpdir(), "entropo-grade-log-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const testPatch = "diff --git a/tests/test_a.py b/tests/test_a.py\n--- a/tests/test_a.py\n+++ b/tests/test_a.py\n@@ -1 +1,2 @@\n x = 1\n+y = 2\n";
const rows = [
  { instance_id: "owner__repo-1", repo: "pallets/flask", base_commit: "abc", version: "2.3", problem_statement: "p", test_patch: testPatch, FAIL_TO_PASS: '["tests/test_a.py::test_new"]', PASS_TO_PASS: '["tests/test_a.py::test_old"]' },
  { instance_id: "owner__repo-12", repo: "pallets/flask", base_commit: "abc", version: "2.3", problem_statement: "p", test_patch: testPatch, FAIL_TO_PASS: '["tests/test_a.py::test_x"]', PASS_TO_PASS: "[]" },
];
const rowsFile = join(directory, "rows.jsonl");
writeFileSync(rowsFile, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");

const evalLog = (summary: string[], markers = true): string =>
  ["+ git apply -v -", markers ? "+ : '>>>>> Start Test Output'" : "", "+ pytest -rA tests/test_a.py", ...summary, markers ? "+ : '>>>>> End Test Output'" : "", ""].join("\n");
const logs = join(directory, "logs");
mkdirSync(join(logs, "nested", "owner__repo-12"), { recursive: true });
writeFileSync(join(logs, "owner__repo-1__gold.log"), evalLog(["PASSED tests/test_a.py::test_new", "PASSED tests/test_a.py::test_old"]));
writeFileSync(join(logs, "owner__repo-1__colour.log"), evalLog(["\u001b[32mPASSED\u001b[0m tests/test_a.py::test_new", "PASSED tests/test_a.py::test_old"]));
writeFileSync(join(logs, "owner__repo-1__no-markers.log"), evalLog(["PASSED tests/test_a.py::test_new", "PASSED tests/test_a.py::test_old"], false));
writeFileSync(join(logs, "nested", "owner__repo-12", "test_output.txt"), evalLog(["FAILED tests/test_a.py::test_x - assert 0"]));

async function grade(...options: string[]): Promise<LogVerdict[]> {
  const run = await runCliInProcess(["tasks", "grade-log", "--tasks", rowsFile, "--logs", logs, ...options]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim().split("\n").map((line) => JSON.parse(line) as LogVerdict);
}

describe("entropo tasks grade-log", () => {
  it("prints one JSON line per log: the official verdict (colour codes and missing markers fail it)", async () => {
    const verdicts = await grade();
    expect(verdicts.map(({ log, instance_id, resolved, grading }) => ({ log, instance_id, resolved, grading }))).toEqual([
      { log: join("nested", "owner__repo-12", "test_output.txt"), instance_id: "owner__repo-12", resolved: false, grading: "swebench@5.0.2" },
      { log: "owner__repo-1__colour.log", instance_id: "owner__repo-1", resolved: false, grading: "swebench@5.0.2" },
      { log: "owner__repo-1__gold.log", instance_id: "owner__repo-1", resolved: true, grading: "swebench@5.0.2" },
      { log: "owner__repo-1__no-markers.log", instance_id: "owner__repo-1", resolved: false, grading: "swebench@5.0.2" },
    ]);
    expect(verdicts[0]?.FAIL_TO_PASS).toEqual({ success: [], failure: ["tests/test_a.py::test_x"] });
    expect(verdicts[3]?.reason).toMatch(/marker is missing/);
  });

  it("--grading lenient forgives colour codes and missing markers; --swebench-version 4.1.0 is accepted", async () => {
    expect((await grade("--grading", "lenient")).map((verdict) => verdict.resolved)).toEqual([false, true, true, true]);
    expect((await grade("--swebench-version", "4.1.0")).map((verdict) => verdict.grading)).toEqual(Array(4).fill("swebench@4.1.0"));
  });

  it("rejects a bad option value and a log that matches no row, naming them", async () => {
    const bad = await runCliInProcess(["tasks", "grade-log", "--tasks", rowsFile, "--logs", logs, "--swebench-version", "3.0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--swebench-version expects 4\.1\.0 or 5\.0\.2, received "3\.0"/);
    writeFileSync(join(logs, "other__repo-9__x.log"), "");
    const unknown = await runCliInProcess(["tasks", "grade-log", "--tasks", rowsFile, "--logs", logs]);
    rmSync(join(logs, "other__repo-9__x.log"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/other__repo-9__x\.log: no row of .*rows\.jsonl matches this log/);
  });
});
