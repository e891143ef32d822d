// A corpus of SWE-bench eval logs written per repository for the grading parity tests: every runner format of SWE-bench
// Lite and the hazards real runs produce (missing markers, cut heads, ANSI, reruns, skips, teardown errors, ...).
import { swebenchTestCommand } from "../swebench-eval.js";
import type { SwebenchRow } from "../swebench-row.js";
import { astropyClassicOutput, djangoOutput, pytestOutput, sphinxToxOutput, sympyOutput, type Outcome, type RunnerStyle, type TestResult } from "./swebench-log-runners.js";

export type CorpusCase = { id: string; row: SwebenchRow; log: string };

/** The runner output of a row's tests in its repository's format. */
function runnerOutput(row: SwebenchRow, results: TestResult[], style: RunnerStyle): string {
  if (row.repo === "django/django") return djangoOutput(results);
  if (row.repo === "sympy/sympy") return sympyOutput(results, style);
  if (row.repo === "sphinx-doc/sphinx") return sphinxToxOutput(results, style);
  if (row.repo === "astropy/astropy" && row.version === "1.3") return astropyClassicOutput(results, style);
  return pytestOutput(results, { ...style, header: row.repo !== "mwaskom/seaborn" });
}

/** A node id cut at a space inside `[...]` (as SWE-bench's lists hold them) is printed whole by pytest. */
const printedName = (name: string): string => (name.split("[").length > name.split("]").length ? `${name} fspath]` : name);

type EvalLogOptions = { exitCode?: number; start?: boolean; end?: boolean; applyError?: boolean; marker?: string; after?: string };

/** The whole output of SWE-bench's eval script around the runner output (`set -x` traces, git, install, markers). */
function evalLog(row: SwebenchRow, runner: string, options: EvalLogOptions = {}): string {
  const testFiles = [...row.test_patch.matchAll(/^diff --git a\/(\S+)/gm)].map((match) => match[1] ?? "");
  const reset = `+ git checkout ${row.base_commit} ${testFiles.join(" ")}`;
  const head = [
    "+ source /opt/miniconda3/bin/activate",
    "++ _CONDA_ROOT=/opt/miniconda3",
    "++ . /opt/miniconda3/etc/profile.d/conda.sh",
    "+ conda activate testbed",
    "+ cd /testbed",
    "+ git config --global --add safe.directory /testbed",
    "+ git status",
    "On branch main",
    "nothing to commit, working tree clean",
    "+ git show",
    `commit ${row.base_commit}`,
    "Author: Maintainer <maintainer@example.org>",
    "",
    "    Merge pull request from the maintainers",
    `+ git -c core.fileMode=false diff ${row.base_commit}`,
    ...(row.patch ?? "").split("\n"),
    "+ python -m pip install -e .",
    "Obtaining file:///testbed",
    "  Preparing metadata (setup.py) ... done",
    "Installing collected packages: testbed",
    "Successfully installed testbed",
    reset,
    `Updated ${testFiles.length} paths from 0a1b2c3`,
    "+ git apply -v -",
    ...testFiles.map((file) => `Checking patch ${file}...`),
    ...(options.applyError ? [`error: patch failed: ${testFiles[0] ?? ""}:12`, `error: ${testFiles[0] ?? ""}: patch does not apply`] : testFiles.map((file) => `Applied patch ${file} cleanly.`)),
    ...(options.marker === undefined ? [] : [options.marker]),
  ];
  const lines = [...head];
  if (options.start !== false) lines.push("+ : '>>>>> Start Test Output'");
  lines.push(`+ ${swebenchTestCommand(row)}`, runner.replace(/\n$/, ""));
  if (options.exitCode !== undefined) lines.push(`+ SWEBENCH_TEST_EXIT_CODE=${options.exitCode}`);
  if (options.end !== false) {
    lines.push("+ : '>>>>> End Test Output'");
    if (options.exitCode !== undefined) lines.push(`+ echo '>>>>> Test Exit Code: ${options.exitCode}'`, `>>>>> Test Exit Code: ${options.exitCode}`);
    if (options.after !== undefined) lines.push(options.after.replace(/\n$/, ""));
    lines.push(reset, `Updated ${testFiles.length} paths from 0a1b2c3`);
  }
  return lines.join("\n") + "\n";
}

/** The results with FAIL_TO_PASS tests set to `f2p` and the first PASS_TO_PASS test set to `p2p`. */
function results(row: SwebenchRow, f2p: Outcome, p2p: Outcome = "pass"): TestResult[] {
  return [
    ...row.FAIL_TO_PASS.map((name) => ({ name: printedName(name), outcome: f2p })),
    ...row.PASS_TO_PASS.map((name, index) => ({ name: printedName(name), outcome: index === 0 ? p2p : "pass" })),
  ];
}

/** Drops the head of a log up to and including its start marker (a log read back from its tail). */
const cutHead = (log: string): string => log.slice(log.indexOf(">>>>> Start Test Output") + ">>>>> Start Test Output".length + 2);

type Variant = [name: string, log: (row: SwebenchRow) => string];

const plain = (row: SwebenchRow, f2p: Outcome, p2p: Outcome = "pass", style: RunnerStyle = {}): string => runnerOutput(row, results(row, f2p, p2p), style);

/** Each variant: a name and how its log is made from a row. */
const variants: Variant[] = [
  ["gold", (row) => evalLog(row, plain(row, "pass"))],
  ["no-patch", (row) => evalLog(row, plain(row, "fail"))],
  ["p2p-regression", (row) => evalLog(row, plain(row, "pass", "fail"))],
  ["f2p-error", (row) => evalLog(row, plain(row, "error"))],
  ["f2p-skipped", (row) => evalLog(row, plain(row, "skip"))],
  ["f2p-xfail", (row) => evalLog(row, plain(row, "xfail"))],
  ["p2p-skipped", (row) => evalLog(row, plain(row, "pass", "skip"))],
  ["f2p-missing", (row) => evalLog(row, plain(row, "missing"))],
  ["f2p-teardown-error", (row) => evalLog(row, plain(row, "teardown-error"))],
  ["rerun-fail-then-pass", (row) => evalLog(row, plain(row, "fail") + plain(row, "pass"))],
  ["rerun-pass-then-fail", (row) => evalLog(row, plain(row, "pass") + plain(row, "fail"))],
  ["ansi-colour", (row) => evalLog(row, plain(row, "pass", "pass", { colour: true }))],
  ["ansi-colour-no-patch", (row) => evalLog(row, plain(row, "fail", "pass", { colour: true }))],
  ["crlf", (row) => evalLog(row, plain(row, "pass").replaceAll("\n", "\r\n"))],
  ["cr-progress", (row) => evalLog(row, plain(row, "pass").replace(/\n(PASSED|test_|\S+ \(|\S+::)/g, "\ncollecting 40%\r$1"))],
  ["cr-progress-no-patch", (row) => evalLog(row, plain(row, "fail").replace(/\n(FAILED|test_|\S+ \(|\S+::)/g, "\nrunning\r$1"))],
  ["no-end-marker", (row) => evalLog(row, plain(row, "pass"), { end: false })],
  ["no-start-marker", (row) => evalLog(row, plain(row, "pass"), { start: false })],
  ["cut-head", (row) => cutHead(evalLog(row, plain(row, "pass")))],
  ["patch-apply-failed-marker", (row) => evalLog(row, plain(row, "pass"), { marker: ">>>>> Patch Apply Failed" })],
  ["test-patch-not-applied", (row) => evalLog(row, plain(row, "missing"), { applyError: true })],
  ["tests-timed-out-marker", (row) => evalLog(row, plain(row, "pass"), { marker: ">>>>> Tests Timed Out" })],
  ["exit-code-0", (row) => evalLog(row, plain(row, "pass"), { exitCode: 0 })],
  ["exit-code-1-all-passed", (row) => evalLog(row, plain(row, "pass"), { exitCode: 1 })],
  ["exit-code-1-no-patch", (row) => evalLog(row, plain(row, "fail"), { exitCode: 1 })],
  ["results-after-end-marker", (row) => evalLog(row, "", { after: plain(row, "pass") })],
  ["empty-run", (row) => evalLog(row, "no tests ran in 0.01s\n")],
  ["two-runs-appended", (row) => evalLog(row, plain(row, "fail")) + evalLog(row, plain(row, "pass"))],
  ["stray-status-words", (row) => evalLog(row, plain(row, "pass") + "PASSED\nFAILED\n")],
  ["nbsp-separators", (row) => evalLog(row, plain(row, "pass").replace(/^(PASSED|FAILED) /gm, "$1\u00a0"))],
  ["unit-separator", (row) => evalLog(row, plain(row, "pass").replace(/^(PASSED|FAILED) /gm, "$1\u001f"))],
];

/** Builds every variant for every row; ids are `<instance_id>__<variant>`. */
export function buildLogCorpus(rows: SwebenchRow[]): CorpusCase[] {
  return rows.flatMap((row) => variants.map(([name, log]) => ({ id: `${row.instance_id}__${name}`, row, log: log(row) })));
}

/**
 * The corpus rows: per repository of SWE-bench Lite the row with the fewest PASS_TO_PASS tests (at least one), plus
 * astropy 1.3 (the -vv classic runner), django with docstring test names and pytest with cut parametrize ids.
 */
export function corpusRows(lite: SwebenchRow[]): SwebenchRow[] {
  const chosen = new Map<string, SwebenchRow>();
  for (const row of lite) {
    const best = chosen.get(row.repo);
    if (row.PASS_TO_PASS.length > 0 && (best === undefined || row.PASS_TO_PASS.length < best.PASS_TO_PASS.length)) chosen.set(row.repo, row);
  }
  const extra = (predicate: (row: SwebenchRow) => boolean): SwebenchRow[] => {
    const size = (row: SwebenchRow): number => row.FAIL_TO_PASS.length + row.PASS_TO_PASS.length;
    const found = lite.filter((row) => row.PASS_TO_PASS.length > 0 && predicate(row)).sort((a, b) => size(a) - size(b))[0];
    return found === undefined ? [] : [found];
  };
  const docstring = (name: string): boolean => !/^\w+ \([\w.]+\)$/.test(name);
  const cutId = (name: string): boolean => name.split("[").length > name.split("]").length;
  return [
    ...chosen.values(),
    ...extra((row) => row.repo === "astropy/astropy" && row.version === "1.3"),
    ...extra((row) => row.repo === "django/django" && [...row.FAIL_TO_PASS, ...row.PASS_TO_PASS].some(docstring)),
    ...extra((row) => row.repo === "pytest-dev/pytest" && row.PASS_TO_PASS.some(cutId)),
  ].filter((row, index, all) => all.findIndex((other) => other.instance_id === row.instance_id) === index);
}
