// Test-runner output as SWE-bench's eval scripts capture it, per runner: pytest -rA, astropy's -vv classic,
// sphinx through tox, django's verbose unittest runner (docstring lines too) and sympy's bin/test.

export type Outcome = "pass" | "fail" | "error" | "skip" | "xfail" | "teardown-error" | "missing";
export type TestResult = { name: string; outcome: Outcome };
export type RunnerStyle = { colour?: boolean };

const colours = { green: "\u001b[32m", red: "\u001b[31m", yellow: "\u001b[33m", reset: "\u001b[0m" };
const paint = (text: string, colour: keyof typeof colours, style: RunnerStyle): string => (style.colour ? `${colours[colour]}${text}${colours.reset}` : text);

/** `path/to/file.py` of a pytest node id. */
const fileOf = (nodeId: string): string => nodeId.split("::")[0] ?? nodeId;

/** The `=== text ===` rule pytest prints, 80 columns wide. */
function rule(text: string, fill = "="): string {
  const width = Math.max(0, 80 - text.length - 2);
  return `${fill.repeat(Math.floor(width / 2))} ${text} ${fill.repeat(Math.ceil(width / 2))}`;
}

function counts(results: TestResult[]): string {
  const count = (outcome: Outcome): number => results.filter((result) => result.outcome === outcome || (outcome === "pass" && result.outcome === "teardown-error")).length;
  const parts = [
    [count("fail"), "failed"],
    [count("pass"), "passed"],
    [count("skip"), "skipped"],
    [count("xfail"), "xfailed"],
    [count("error") + count("teardown-error"), "errors"],
  ].filter(([n]) => Number(n) > 0);
  return parts.map(([n, word]) => `${n} ${word}`).join(", ");
}

const progressChar: Record<Outcome, string> = { pass: ".", fail: "F", error: "E", skip: "s", xfail: "x", "teardown-error": ".E", missing: "" };

/** pytest's terminal output with `-rA` (short test summary of every outcome), as SWE-bench's test_cmd runs it. */
export function pytestOutput(results: TestResult[], style: RunnerStyle & { header?: boolean; version?: string } = {}): string {
  const present = results.filter((result) => result.outcome !== "missing");
  const lines: string[] = [];
  if (style.header !== false) {
    lines.push(rule("test session starts"), `platform linux -- Python 3.9.20, pytest-${style.version ?? "7.4.0"}, pluggy-1.3.0`, "rootdir: /testbed", "configfile: setup.cfg");
  }
  lines.push(`collected ${present.length} items`, "");
  const files = [...new Set(present.map((result) => fileOf(result.name)))];
  files.forEach((file, index) => {
    const dots = present.filter((result) => fileOf(result.name) === file).map((result) => progressChar[result.outcome]).join("");
    const percent = `[${String(Math.round(((index + 1) / files.length) * 100)).padStart(3)}%]`;
    lines.push(`${file} ${dots}`.padEnd(74) + percent);
  });
  lines.push("");
  const teardown = present.filter((result) => result.outcome === "teardown-error" || result.outcome === "error");
  if (teardown.length > 0) {
    lines.push(rule("ERRORS"));
    for (const result of teardown) {
      const phase = result.outcome === "error" ? "setup" : "teardown";
      lines.push(rule(`ERROR at ${phase} of ${result.name.split("::").at(-1) ?? ""}`, "_"), "", "    @pytest.fixture", "    def resource():", `E       RuntimeError: ${phase} failed`, "");
    }
  }
  const failed = present.filter((result) => result.outcome === "fail");
  if (failed.length > 0) {
    lines.push(rule("FAILURES"));
    for (const result of failed) {
      lines.push(rule(result.name.split("::").slice(1).join("."), "_"), "", "    def test():", ">       assert result == expected", "E       AssertionError: assert 1 == 2", "", `${fileOf(result.name)}:42: AssertionError`);
    }
  }
  lines.push(rule("PASSES"), rule("short test summary info"));
  const word = (status: string, colour: keyof typeof colours): string => paint(status, colour, style);
  for (const result of present) if (result.outcome === "pass" || result.outcome === "teardown-error") lines.push(`${word("PASSED", "green")} ${result.name}`);
  present.filter((result) => result.outcome === "skip").forEach((result) => lines.push(`${word("SKIPPED", "yellow")} [1] ${fileOf(result.name)}:17: requires a network`));
  for (const result of present) if (result.outcome === "xfail") lines.push(`${word("XFAIL", "yellow")} ${result.name} - reason: known bug`);
  for (const result of teardown) lines.push(`${word("ERROR", "red")} ${result.name} - RuntimeError: ${result.outcome === "error" ? "setup" : "teardown"} failed`);
  for (const result of failed) lines.push(`${word("FAILED", "red")} ${result.name} - AssertionError: assert 1 == 2`);
  lines.push(rule(`${counts(present)} in 1.23s`));
  return lines.join("\n") + "\n";
}

/** astropy 1.x: `pytest -rA -vv -o console_output_style=classic --tb=no` on pytest 3.3 (status after the node id). */
export function astropyClassicOutput(results: TestResult[], style: RunnerStyle = {}): string {
  const present = results.filter((result) => result.outcome !== "missing");
  const status: Record<Outcome, string> = { pass: "PASSED", fail: "FAILED", error: "ERROR", skip: "SKIPPED", xfail: "xfail", "teardown-error": "PASSED", missing: "" };
  const lines = [
    rule("test session starts"),
    "platform linux -- Python 3.6.13, pytest-3.3.1, py-1.11.0, pluggy-0.6.0 -- /opt/miniconda3/envs/testbed/bin/python",
    "cachedir: .cache",
    "",
    "Running tests with Astropy version 1.3.dev0.",
    "Running tests in astropy/io/fits/tests.",
    "",
    "rootdir: /testbed, inifile: setup.cfg",
    "plugins: xdist-1.20.1, remotedata-0.2.0, openfiles-0.2.0, mock-1.6.3, forked-0.2, filter-subpackage-0.1, doctestplus-0.1.2, cov-2.5.1, astropy-header-0.1, arraydiff-0.1, hypothesis-3.44.2",
    `collecting ... collected ${present.length} items`,
    "",
  ];
  for (const result of present) {
    const word = status[result.outcome];
    const colour = result.outcome === "pass" || result.outcome === "teardown-error" ? "green" : result.outcome === "fail" || result.outcome === "error" ? "red" : "yellow";
    lines.push(`${result.name} ${paint(word, colour, style)}`);
    if (result.outcome === "teardown-error") lines.push(`${result.name} ${paint("ERROR", "red", style)}`);
  }
  lines.push("", rule("short test summary info"));
  for (const result of present) if (result.outcome === "fail") lines.push(`FAIL ${result.name}`);
  lines.push("", rule(`${counts(present)} in 2.31 seconds`));
  return lines.join("\n") + "\n";
}

/** sphinx: `tox --current-env -epy39 -v --` running its tox.ini's pytest with `-rA`. */
export function sphinxToxOutput(results: TestResult[], style: RunnerStyle = {}): string {
  const directives = [...new Set(results.map((result) => fileOf(result.name)))].join(" ");
  const preamble = [
    "py39: commands[0]> python -X dev -m pytest -rA --durations 25 " + directives,
    rule("test session starts"),
    "platform linux -- Python 3.9.20, pytest-8.3.3, pluggy-1.5.0",
    "cachedir: .tox/py39/.pytest_cache",
    "libraries: Sphinx-3.5.0+/82ef497a8, docutils-0.16",
    "base tempdir: /tmp/pytest-of-root/pytest-0",
    "rootdir: /testbed",
    "configfile: setup.cfg",
    "plugins: cov-5.0.0",
  ];
  const body = pytestOutput(results, { ...style, header: false, version: "8.3.3" });
  return [...preamble, body, "py39: exit 0 (1.02 seconds) /testbed> python -X dev -m pytest -rA --durations 25 pid=113", "  py39: OK (1.10=setup[0.08]+cmd[1.02] seconds)", "  congratulations :) (1.17 seconds)", ""].join("\n");
}

/** A django test whose docstring's first line is its SWE-bench name: unittest prints the method, then that line. */
const isDocstringName = (name: string): boolean => !/^[A-Za-z_][\w]* \([\w.]+\)$/.test(name);

/** django: `./tests/runtests.py --verbosity 2` (unittest verbose lines, failure headers, final summary). */
export function djangoOutput(results: TestResult[]): string {
  const lines = [
    "Testing against Django installed in '/testbed/django'",
    "Importing application forms_tests",
    "Skipping setup of unused database(s): other.",
    "Operations to perform:",
    "  Synchronize unmigrated apps: auth, contenttypes, forms_tests, messages, sessions, staticfiles",
    "  Apply all migrations: admin, sites",
    "Running migrations:",
    "  Applying admin.0001_initial... OK",
    "  Applying sites.0001_initial... OK",
    "System check identified no issues (0 silenced).",
  ];
  const present = results.filter((result) => result.outcome !== "missing");
  const word: Record<Outcome, string> = { pass: "ok", fail: "FAIL", error: "ERROR", skip: "skipped 'requires a database with JSON support'", xfail: "expected failure", "teardown-error": "ok", missing: "" };
  present.forEach((result, index) => {
    const prefix = isDocstringName(result.name) ? `test_case_${index} (regression_tests.tests.RegressionTests)\n${result.name}` : result.name;
    lines.push(`${prefix} ... ${word[result.outcome]}`);
  });
  for (const result of present.filter((entry) => ["fail", "error", "teardown-error"].includes(entry.outcome))) {
    const header = result.outcome === "fail" ? "FAIL" : "ERROR";
    lines.push("", "=".repeat(70), `${header}: ${result.name}`, "-".repeat(70), "Traceback (most recent call last):", '  File "/testbed/tests/forms_tests/tests.py", line 12, in test', "    self.assertEqual(1, 2)", "AssertionError: 1 != 2");
  }
  const failures = present.filter((result) => result.outcome === "fail").length;
  const errors = present.filter((result) => result.outcome === "error" || result.outcome === "teardown-error").length;
  lines.push("", "-".repeat(70), `Ran ${present.length} tests in 0.123s`, "", failures + errors > 0 ? `FAILED (failures=${failures}, errors=${errors})` : "OK");
  return lines.join("\n") + "\n";
}

/** sympy: `bin/test -C --verbose` (one `test_name ok|F|E` line per test, then failure headers). */
export function sympyOutput(results: TestResult[], style: RunnerStyle = {}, file = "sympy/printing/tests/test_latex.py"): string {
  const present = results.filter((result) => result.outcome !== "missing");
  const lines = [
    rule("test process starts"),
    "executable:         /opt/miniconda3/envs/testbed/bin/python  (3.9.20-final-0) [CPython]",
    "architecture:       64-bit",
    "cache:              no",
    "ground types:       python ",
    "numpy:              None",
    "random seed:        81723496",
    "hash randomization: on (PYTHONHASHSEED=2873460412)",
    "",
    `${file}[${present.length}] `,
  ];
  const word: Record<Outcome, string> = { pass: "ok", fail: "F", error: "E", skip: "s", xfail: "f", "teardown-error": "E", missing: "" };
  for (const result of present) {
    const status = word[result.outcome];
    const painted = result.outcome === "pass" ? paint(status, "green", style) : result.outcome === "fail" || result.outcome === "error" ? paint(status, "red", style) : status;
    lines.push(`${result.name} ${painted}`);
  }
  for (const result of present.filter((entry) => entry.outcome === "fail" || entry.outcome === "error")) {
    lines.push("", "_".repeat(80), `${"_".repeat(13)} ${file}:${result.name} ${"_".repeat(13)}`, "Traceback (most recent call last):", `  File "/testbed/${file}", line 10, in ${result.name}`, "AssertionError");
  }
  const failed = present.filter((result) => result.outcome === "fail").length;
  lines.push("", rule(`tests finished: ${present.length - failed} passed, ${failed} failed, in 0.52 seconds`), failed > 0 ? "DO *NOT* COMMIT!" : "");
  return lines.join("\n") + "\n";
}
