// SWE-bench verdicts on a test log: the official get_logs_eval + get_eval_report of a named release, or the lenient rules.
import { stripAnsi, type SwebenchStatus } from "./pytest-log.js";
import { decimalValue, pyWhitespaceClass, universalNewlines } from "./python-text.js";
import { endTestOutput, failureMarkers, startTestOutput, swebenchTestCommand, testExitCodeMarker } from "./swebench-eval.js";
import { ParserCrash, swebenchParserFor, type StatusMap } from "./swebench-log-parsers.js";
import type { SwebenchRow } from "./swebench-row.js";
import { failOnlyRepos, swebenchSpec } from "./swebench-specs.js";
import type { SwebenchGrading, SwebenchVersion } from "./swebench-version.js";
import type { TestStatus } from "./task.js";

export type TestGroupReport = { success: string[]; failure: string[] };

export type SwebenchVerdict = {
  /** SWE-bench's `resolved`: get_resolution_status == RESOLVED_FULL. */
  resolved: boolean;
  /** get_logs_eval's second value: false when no test result could be read (then `resolved` is false). */
  found: boolean;
  /** Why nothing was found, or why grading failed (SWE-bench would raise and report the instance as an error). */
  reason?: string;
  /** The parsed statuses, keyed and valued exactly as SWE-bench's parser stored them. */
  statuses: StatusMap;
  FAIL_TO_PASS: TestGroupReport;
  PASS_TO_PASS: TestGroupReport;
};

type LogsEval = { statuses: StatusMap; found: boolean; reason?: string };

const d = "\\p{Nd}";
const ws = `[${pyWhitespaceClass}]`;
/** 5.0.2's SUITE_RAN: evidence that a runner executed, for logs whose parser found no test (Python `re.M` semantics). */
const suiteRan = new RegExp(
  [
    `Executed [1-9]${d}* of ${d}+`,
    `TOTAL: [1-9]${d}* (?:SUCCESS|FAILED)`,
    `[1-9]${d}* passing`,
    `Tests:${ws}+[1-9]${d}*`,
    `Test Suites:${ws}+(?:${d}+ [\\p{L}\\p{N}_]+, )*[1-9]${d}* total`,
    `(?<![^\\n])# tests [1-9]${d}*`,
    `[1-9]${d}* specs?, ${d}+ failures?`,
    `': ok(?![^\\n])`,
  ].join("|"),
  "u",
);
const exitCodePattern = new RegExp(`${testExitCodeMarker}:${ws}*(-?)(${d}+)`, "u");

/** The exit status a 5.x eval script recorded after the end marker, or undefined. */
function recordedExitCode(content: string): number | undefined {
  const match = exitCodePattern.exec(content);
  return match === null ? undefined : (match[1] === "-" ? -1 : 1) * decimalValue(match[2] ?? "0");
}

/** SWE-bench's get_logs_eval for `version` on a log read as Python reads it. */
function officialLogsEval(row: SwebenchRow, log: string, version: SwebenchVersion): LogsEval {
  const empty: StatusMap = new Map();
  if (version === "4.1.0" && swebenchSpec(row.repo, row.version) === undefined) {
    return { statuses: empty, found: false, reason: `SWE-bench 4.1.0 has no spec for ${row.repo} ${row.version} (its grader raises KeyError)` };
  }
  const parser = swebenchParserFor(row.repo, version, version === "5.0.2" ? row.log_parser : undefined);
  if (parser === undefined) return { statuses: empty, found: false, reason: `no Python log parser for ${row.log_parser ?? row.repo} (only SWE-bench's Python repositories are graded)` };
  const content = universalNewlines(log);
  const marker = failureMarkers.find((bad) => content.includes(bad));
  if (marker !== undefined) return { statuses: empty, found: false, reason: `the log holds "${marker}"` };
  if (!content.includes(startTestOutput) || !content.includes(endTestOutput)) return { statuses: empty, found: false, reason: "the start or end test output marker is missing" };
  const sliced = (content.split(startTestOutput)[1] ?? "").split(endTestOutput)[0] ?? "";
  try {
    let statuses = parser(sliced);
    if (statuses.size === 0) statuses = parser(content);
    if (version === "4.1.0") return { statuses, found: true };
    if (statuses.size === 0 && !suiteRan.test(content)) return { statuses, found: false, reason: "no test result and no sign that the test suite ran" };
    const exitCode = recordedExitCode(content);
    const anyFailure = [...statuses.values()].some((status) => status === "FAILED" || status === "ERROR");
    if (exitCode !== undefined && exitCode !== 0 && statuses.size > 0 && !anyFailure) {
      return { statuses: empty, found: false, reason: `the test command exited ${exitCode} but the log reports no failure` };
    }
    return { statuses, found: true };
  } catch (error) {
    if (error instanceof ParserCrash) return { statuses: empty, found: false, reason: `SWE-bench's parser raises on this log: ${error.message}` };
    throw error;
  }
}

const passing = (status: string | undefined): boolean => status === "PASSED" || status === "XFAIL";

/** 5.0.2's _resolve_case: the exact id, or for an id cut inside `[...]` the first key it prefixes when all agree. */
function resolveCase(testCase: string, statuses: StatusMap): string | undefined {
  if (statuses.has(testCase)) return testCase;
  if (testCase.split("[").length <= testCase.split("]").length) return undefined;
  const matches = [...statuses.keys()].filter((key) => key.startsWith(testCase));
  const outcomes = new Set(matches.map((key) => passing(statuses.get(key))));
  return matches.length > 0 && outcomes.size === 1 ? matches[0] : undefined;
}

type Check = (testCase: string, statuses: StatusMap) => "success" | "failure" | "neither";

/** get_eval_tests_report's per-test checks for FAIL_TO_PASS and PASS_TO_PASS in each release and eval type. */
function checksFor(version: SwebenchVersion, failOnly: boolean): { failToPass: Check; passToPass: Check } {
  if (failOnly) {
    const check: Check = (testCase, statuses) => (statuses.get(testCase) === "FAILED" ? "failure" : "success");
    return { failToPass: check, passToPass: check };
  }
  if (version === "4.1.0") {
    const check: Check = (testCase, statuses) => {
      const status = statuses.get(testCase);
      if (passing(status)) return "success";
      return status === undefined || status === "FAILED" || status === "ERROR" ? "failure" : "neither";
    };
    return { failToPass: check, passToPass: check };
  }
  const failed = (key: string | undefined, statuses: StatusMap): boolean => {
    const status = key === undefined ? undefined : statuses.get(key);
    return key === undefined || status === "FAILED" || status === "ERROR" || status === "SKIPPED";
  };
  return {
    failToPass: (testCase, statuses) => {
      const key = resolveCase(testCase, statuses);
      if (key !== undefined && passing(statuses.get(key))) return "success";
      return failed(key, statuses) ? "failure" : "neither";
    },
    passToPass: (testCase, statuses) => {
      const key = resolveCase(testCase, statuses);
      if (key !== undefined && (passing(statuses.get(key)) || statuses.get(key) === "SKIPPED")) return "success";
      return failed(key, statuses) ? "failure" : "neither";
    },
  };
}

function groupReport(tests: readonly string[], statuses: StatusMap, check: Check): TestGroupReport {
  const report: TestGroupReport = { success: [], failure: [] };
  for (const test of tests) {
    const outcome = check(test, statuses);
    if (outcome !== "neither") report[outcome].push(test);
  }
  return report;
}

/** compute_fail_to_pass / compute_pass_to_pass == 1 for both groups (an empty group counts as 1). */
const fullyResolved = (...groups: TestGroupReport[]): boolean => groups.every((group) => group.failure.length === 0);

/** The lenient rules: ANSI stripped, text between the markers (or after the test command, or all), 4.1.0 parsers. */
function lenientLogsEval(row: SwebenchRow, log: string): LogsEval {
  const text = stripAnsi(log);
  if (failureMarkers.some((marker) => text.includes(marker))) return { statuses: new Map(), found: false, reason: "the log holds a failure marker" };
  let testLog = text;
  const start = text.indexOf(startTestOutput);
  if (start >= 0) {
    const rest = text.slice(start + startTestOutput.length);
    const end = rest.indexOf(endTestOutput);
    testLog = end >= 0 ? rest.slice(0, end) : rest;
  } else if (swebenchSpec(row.repo, row.version) !== undefined) {
    const command = swebenchTestCommand(row);
    const last = text.lastIndexOf(command);
    if (last >= 0) testLog = text.slice(last + command.length);
  }
  const parser = swebenchParserFor(row.repo, "4.1.0") ?? (swebenchParserFor("pytest-dev/pytest", "4.1.0") as (log: string) => StatusMap);
  try {
    return { statuses: parser(testLog), found: true };
  } catch (error) {
    if (error instanceof ParserCrash) return { statuses: new Map(), found: false, reason: error.message };
    throw error;
  }
}

/**
 * Grades one test log of `row` (the eval script's whole output). `swebench` mode reproduces the named release's
 * get_eval_report verdict; a timed-out run is never resolved there (the harness writes no report).
 */
export function gradeSwebenchLog(row: SwebenchRow, log: string, grading: SwebenchGrading, options: { timedOut?: boolean } = {}): SwebenchVerdict {
  const evaluation: LogsEval = options.timedOut
    ? { statuses: new Map(), found: false, reason: "the tests timed out" }
    : grading.mode === "lenient"
      ? lenientLogsEval(row, log)
      : officialLogsEval(row, log, grading.version);
  const evalType = grading.version === "5.0.2" && row.eval_type !== undefined ? row.eval_type : failOnlyRepos[grading.version].includes(row.repo) ? "fail_only" : "pass_and_fail";
  const checks = checksFor(grading.mode === "lenient" ? "4.1.0" : grading.version, grading.mode === "swebench" && evalType === "fail_only");
  const failToPass = groupReport(row.FAIL_TO_PASS, evaluation.statuses, checks.failToPass);
  const passToPass = groupReport(row.PASS_TO_PASS, evaluation.statuses, checks.passToPass);
  const resolved = evaluation.found && fullyResolved(failToPass, passToPass);
  return {
    resolved,
    found: evaluation.found,
    ...(evaluation.reason === undefined ? {} : { reason: evaluation.reason }),
    statuses: evaluation.statuses,
    FAIL_TO_PASS: failToPass,
    PASS_TO_PASS: passToPass,
  };
}

/** Maps SWE-bench statuses onto the four GradeResult statuses (XFAIL counts as passing; other tokens are left out). */
export function verdictTestStatuses(statuses: StatusMap): Record<string, TestStatus> {
  const result: Record<string, TestStatus> = Object.create(null) as Record<string, TestStatus>;
  for (const [key, status] of statuses) {
    const known = status as SwebenchStatus;
    if (known === "XFAIL") result[key] = "PASSED";
    else if (known === "PASSED" || known === "FAILED" || known === "ERROR" || known === "SKIPPED") result[key] = known;
  }
  return result;
}
