// SWE-bench rows as Tasks: public images, eval script (or R2E's /run_tests.sh), graded as the named SWE-bench release does.
import type { Sandbox } from "../sandbox/sandbox.js";
import { swebenchEvalScript, swebenchImageName, type SwebenchImageStyle } from "./swebench-eval.js";
import { gradeSwebenchLog, verdictTestStatuses } from "./swebench-grading.js";
import type { SwebenchRow } from "./swebench-row.js";
import { defaultSwebenchGrading, type SwebenchGrading } from "./swebench-version.js";
import { runTests } from "./sandbox-steps.js";
import { defaultGradeTimeoutSeconds, type GradeOptions, type GradeResult, type Task } from "./task.js";

/** Runs the instance's tests: the release's eval script (official images) or the image's /run_tests.sh (R2E style). */
async function runEvaluation(sandbox: Sandbox, row: SwebenchRow, style: SwebenchImageStyle, grading: SwebenchGrading, options?: GradeOptions) {
  const timeout = options?.timeoutSeconds ?? defaultGradeTimeoutSeconds;
  if (style === "r2e") return runTests(sandbox, "bash /run_tests.sh", timeout);
  await sandbox.writeFile("/eval.sh", swebenchEvalScript(row, grading.version), 0o755);
  return runTests(sandbox, "/bin/bash /eval.sh", timeout);
}

export type SwebenchTaskOptions = {
  /** Image family: SWE-bench's own public images (default) or R2E's slimshetty images. */
  style?: SwebenchImageStyle;
  /** Grading rules: the official verdict of a `swebench` release (default 5.0.2) or the lenient rules. */
  grading?: SwebenchGrading;
};

/** A Task for one SWE-bench row. */
export function createSwebenchTask(row: SwebenchRow, options: SwebenchTaskOptions = {}): Task {
  const style = options.style ?? "swebench";
  const grading = options.grading ?? defaultSwebenchGrading;
  return {
    id: row.instance_id,
    problemStatement: row.problem_statement,
    image: swebenchImageName(row.instance_id, style),
    source: "swe-bench",
    goldPatch: row.patch ?? null,
    ds: { ...row, FAIL_TO_PASS: JSON.stringify(row.FAIL_TO_PASS), PASS_TO_PASS: JSON.stringify(row.PASS_TO_PASS) },
    async prepare() {
      // The images hold /testbed at base_commit with the testbed conda env: nothing to do.
    },
    async grade(sandbox, gradeOptions): Promise<GradeResult> {
      const started = performance.now();
      const result = await runEvaluation(sandbox, row, style, grading, gradeOptions);
      const verdict = gradeSwebenchLog(row, result.output, grading, { timedOut: result.timedOut });
      return { reward: verdict.resolved ? 1 : 0, testOutput: result.output, tests: verdictTestStatuses(verdict.statuses), seconds: (performance.now() - started) / 1000 };
    },
    async regression(sandbox, gradeOptions) {
      if (row.PASS_TO_PASS.length === 0) return { passed: null, output: "" };
      const result = await runEvaluation(sandbox, row, style, grading, gradeOptions);
      const verdict = gradeSwebenchLog({ ...row, FAIL_TO_PASS: [] }, result.output, grading, { timedOut: result.timedOut });
      return { passed: verdict.resolved, output: result.output };
    },
  };
}
