// SWE-bench's Python log parsers (swebench/harness/log_parsers/python.py) as in the release the user names.
import { pyLstrip, pySplit, pyStrip, pyWhitespaceClass, splitOnce } from "./python-text.js";
import type { SwebenchVersion } from "./swebench-version.js";

/** Test name → status word exactly as SWE-bench's parser stored it (any token, e.g. "PASSED", "XFAIL", "with"). */
export type StatusMap = Map<string, string>;

export type SwebenchLogParser = (log: string) => StatusMap;

/** SWE-bench's TestStatus values, in the enum's order (the parsers test `line.startswith` in this order). */
const statusWords = ["FAILED", "PASSED", "SKIPPED", "ERROR", "XFAIL"] as const;

const startsWithStatus = (line: string): boolean => statusWords.some((status) => line.startsWith(status));

/** 5.0.2: pytest's `SKIPPED [N] path:line: reason` summary line names no test. */
const isSkipSummary = (status: string | undefined, name: string | undefined): boolean => status === "SKIPPED" && name !== undefined && /^\[\p{Nd}+\]$/u.test(name);

/** The tokens of a parse_log_pytest line (a leading status word, " - " dropped from FAILED lines), or null to skip it. */
function pytestTokens(line: string, version: SwebenchVersion): string[] | null {
  if (!startsWithStatus(line)) return null;
  const tokens = pySplit(line.startsWith("FAILED") ? line.replaceAll(" - ", " ") : line);
  if (tokens.length <= 1) return null;
  if (version === "5.0.2" && isSkipSummary(tokens[0], tokens[1])) return null;
  return tokens;
}

/** parse_log_pytest (and matplotlib's variant with a per-line rewrite): the token after a leading status word. */
function pytestParser(version: SwebenchVersion, rewrite: (line: string) => string = (line) => line): SwebenchLogParser {
  return (log) => {
    const statuses: StatusMap = new Map();
    for (const line of log.split("\n")) {
      const tokens = pytestTokens(rewrite(line), version);
      if (tokens !== null) statuses.set(tokens[1] as string, tokens[0] as string);
    }
    return statuses;
  };
}

/** parse_log_pytest_options: a parametrize option that looks like an absolute path keeps only its last segment. */
function pytestOptionsParser(version: SwebenchVersion): SwebenchLogParser {
  return (log) => {
    const statuses: StatusMap = new Map();
    for (const line of log.split("\n")) {
      const tokens = pytestTokens(line, version);
      if (tokens === null) continue;
      const testCase = tokens[1] as string;
      const match = /^([^\n]*?)\[([^\n]*)\]/.exec(testCase);
      let option = match?.[2] ?? "";
      if (option.startsWith("/") && !option.startsWith("//") && !option.includes("*")) option = "/" + (option.split("/").at(-1) ?? "");
      statuses.set(match === null ? testCase : `${match[1] ?? ""}[${option}]`, tokens[0] as string);
    }
    return statuses;
  };
}

// eslint-disable-next-line no-control-regex -- SWE-bench deletes the characters 1..31 from every line
const controlCharacters = /[\u0001-\u001f]/g;

/** parse_log_pytest_v2 (astropy, scikit-learn, sphinx): colour codes dropped; also `name STATUS` lines of old pytest. */
function pytestV2Parser(version: SwebenchVersion): SwebenchLogParser {
  return (log) => {
    const statuses: StatusMap = new Map();
    for (const rawLine of log.split("\n")) {
      let line = rawLine.replace(/\[(\p{Nd}+)m/gu, "").replace(controlCharacters, "");
      if (startsWithStatus(line)) {
        if (line.startsWith("FAILED")) line = version === "4.1.0" ? line.replaceAll(" - ", " ") : (splitOnce(line, " - ")?.[0] ?? line);
        const tokens = pySplit(line);
        if (tokens.length < 2) continue;
        if (version === "4.1.0") statuses.set(tokens[1] as string, tokens[0] as string);
        else if (!isSkipSummary(tokens[0], tokens[1])) statuses.set(tokens.slice(1).join(" "), tokens[0] as string);
      } else if (statusWords.some((status) => line.endsWith(status))) {
        const tokens = pySplit(line);
        if (tokens.length < 2) continue;
        if (version === "4.1.0") statuses.set(tokens[0] as string, tokens[1] as string);
        else statuses.set(tokens.slice(0, -1).join(" "), tokens.at(-1) as string);
      }
    }
    return statuses;
  };
}

/** Thrown where SWE-bench's Python parser raises (an IndexError on a short line): the harness then reports no result. */
export class ParserCrash extends Error {}

/** Python's `parts[index]`, raising as Python does when the list is too short. */
function item(parts: string[], index: number): string {
  const value = parts[index];
  if (value === undefined) throw new ParserCrash(`IndexError: list index out of range (${JSON.stringify(parts)})`);
  return value;
}

/** parse_log_seaborn: FAILED lines, `name PASSED ...` lines and PASSED lines (4.1.0 raises on a lone status word). */
function seabornParser(version: SwebenchVersion): SwebenchLogParser {
  return (log) => {
    const statuses: StatusMap = new Map();
    for (const line of log.split("\n")) {
      const parts = pySplit(line);
      if (version === "5.0.2" && parts.length < 2) continue;
      if (line.startsWith("FAILED")) statuses.set(item(parts, 1), "FAILED");
      else if (line.includes(" PASSED ")) {
        if (item(parts, 1) === "PASSED") statuses.set(item(parts, 0), "PASSED");
      } else if (line.startsWith("PASSED")) statuses.set(item(parts, 1), "PASSED");
    }
    return statuses;
  };
}

const ws = `[${pyWhitespaceClass}]`;

/** Lines of a django test name followed by a long multi-line print and then "ok" (SWE-bench's three patterns). */
const djangoMultilinePatterns = [
  String.raw`Testing against Django installed in ([\s\S]*?) silenced\)\.`,
  String.raw`Internal Server Error: \/([^\n]*)\/`,
  String.raw`System check identified no issues \(0 silenced\)`,
].map((middle) => new RegExp(String.raw`(?<![^\n])([^\n]*?)${ws}\.\.\.${ws}${middle}\nok(?![^\n])`, "g"));

/** parse_log_django: unittest verbose lines `name (module.Class) ... ok|FAIL|ERROR|skipped`, headers, multi-line ok. */
const parseLogDjango: SwebenchLogParser = (log) => {
  const statuses: StatusMap = new Map();
  let previousTest: string | undefined;
  for (const rawLine of log.split("\n")) {
    let line = pyStrip(rawLine);
    if (line.includes("--version is equivalent to version")) statuses.set("--version is equivalent to version", "PASSED");
    if (line.includes(" ... ")) previousTest = line.split(" ... ")[0];
    for (const suffix of [" ... ok", " ... OK", " ...  OK"]) {
      if (!line.endsWith(suffix)) continue;
      if (pyStrip(line).startsWith("Applying sites.0002_alter_domain_unique...test_no_migrations")) line = pyStrip(splitOnce(line, "...")?.[1] ?? line);
      statuses.set(line.slice(0, line.lastIndexOf(suffix)), "PASSED");
      break;
    }
    if (line.includes(" ... skipped")) statuses.set(line.split(" ... skipped")[0] ?? "", "SKIPPED");
    if (line.endsWith(" ... FAIL")) statuses.set(line.split(" ... FAIL")[0] ?? "", "FAILED");
    if (line.startsWith("FAIL:")) statuses.set(pyStrip(item(pySplit(line), 1)), "FAILED");
    if (line.endsWith(" ... ERROR")) statuses.set(line.split(" ... ERROR")[0] ?? "", "ERROR");
    if (line.startsWith("ERROR:")) statuses.set(pyStrip(item(pySplit(line), 1)), "ERROR");
    if (pyLstrip(line).startsWith("ok") && previousTest !== undefined) statuses.set(previousTest, "PASSED");
  }
  for (const pattern of djangoMultilinePatterns) for (const match of log.matchAll(pattern)) statuses.set(match[1] ?? "", "PASSED");
  return statuses;
};

/** parse_log_sympy: `___ file.py:test ___` failure headers, then `test_name ok|F|E` lines of bin/test. */
const parseLogSympy: SwebenchLogParser = (log) => {
  const statuses: StatusMap = new Map();
  for (const match of log.matchAll(/(_*) ([^\n]*)\.py:([^\n]*) (_*)/g)) statuses.set(`${match[2] ?? ""}.py:${match[3] ?? ""}`, "FAILED");
  for (const rawLine of log.split("\n")) {
    const line = pyStrip(rawLine);
    if (!line.startsWith("test_")) continue;
    if (line.endsWith(" E")) statuses.set(item(pySplit(line), 0), "ERROR");
    if (line.endsWith(" F")) statuses.set(item(pySplit(line), 0), "FAILED");
    if (line.endsWith(" ok")) statuses.set(item(pySplit(line), 0), "PASSED");
  }
  return statuses;
};

const matplotlibRewrite = (line: string): string => line.replaceAll("MouseButton.LEFT", "1").replaceAll("MouseButton.RIGHT", "3");

/** SWE-bench's parser names (5.x PARSER_REGISTRY keys) and what each one is. */
function parserRegistry(version: SwebenchVersion): Record<string, SwebenchLogParser> {
  const pytest = pytestParser(version);
  const options = pytestOptionsParser(version);
  const v2 = pytestV2Parser(version);
  return {
    parse_log_pytest: pytest,
    parse_log_pytest_options: options,
    parse_log_django: parseLogDjango,
    parse_log_pytest_v2: v2,
    parse_log_seaborn: seabornParser(version),
    parse_log_sympy: parseLogSympy,
    parse_log_matplotlib: pytestParser(version, matplotlibRewrite),
    ...Object.fromEntries(["astroid", "flask", "marshmallow", "pvlib", "pyvista", "sqlfluff", "xarray"].map((name) => [`parse_log_${name}`, pytest])),
    ...Object.fromEntries(["pydicom", "requests", "pylint"].map((name) => [`parse_log_${name}`, options])),
    ...Object.fromEntries(["astropy", "scikit", "sphinx"].map((name) => [`parse_log_${name}`, v2])),
  };
}

/** SWE-bench's MAP_REPO_TO_PARSER for its Python repositories: the parser name of each repo. */
const parserNameByRepo: Record<string, string> = {
  "astropy/astropy": "parse_log_astropy",
  "django/django": "parse_log_django",
  "marshmallow-code/marshmallow": "parse_log_marshmallow",
  "matplotlib/matplotlib": "parse_log_matplotlib",
  "mwaskom/seaborn": "parse_log_seaborn",
  "pallets/flask": "parse_log_flask",
  "psf/requests": "parse_log_requests",
  "pvlib/pvlib-python": "parse_log_pvlib",
  "pydata/xarray": "parse_log_xarray",
  "pydicom/pydicom": "parse_log_pydicom",
  "pylint-dev/astroid": "parse_log_astroid",
  "pylint-dev/pylint": "parse_log_pylint",
  "pytest-dev/pytest": "parse_log_pytest",
  "pyvista/pyvista": "parse_log_pyvista",
  "scikit-learn/scikit-learn": "parse_log_scikit",
  "sqlfluff/sqlfluff": "parse_log_sqlfluff",
  "sphinx-doc/sphinx": "parse_log_sphinx",
  "sympy/sympy": "parse_log_sympy",
};

/** The repositories whose SWE-bench log format is implemented. */
export const supportedSwebenchRepos: readonly string[] = Object.keys(parserNameByRepo);

/**
 * SWE-bench's parser for a row: the row's own `log_parser` (SWE-bench 5.x datasets name one) when it is a Python
 * parser, else the repo's. Undefined for repositories SWE-bench parses with a non-Python runner (not ported).
 */
export function swebenchParserFor(repo: string, version: SwebenchVersion, logParser?: string): SwebenchLogParser | undefined {
  const registry = parserRegistry(version);
  if (logParser !== undefined && registry[logParser] !== undefined) return registry[logParser];
  const name = parserNameByRepo[repo];
  return name === undefined ? undefined : registry[name];
}
