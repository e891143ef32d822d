// SWE-bench evaluation scripts: image names, test directives and the eval script of make_eval_script_list_py.
import { InputError } from "../core/errors.js";
import { modifiedFiles } from "./patch-source-files.js";
import type { SwebenchRow } from "./swebench-row.js";
import { nonTestExtensions, swebenchSpec, type SwebenchSpec } from "./swebench-specs.js";
import type { SwebenchVersion } from "./swebench-version.js";

export type SwebenchImageStyle = "swebench" | "r2e";

/** The public image of an instance: SWE-bench's `swebench/sweb.eval.x86_64.<id, __→_1776_>:latest` or R2E's slimshetty one. */
export function swebenchImageName(instanceId: string, style: SwebenchImageStyle = "swebench"): string {
  if (style === "r2e") return `slimshetty/swebench-verified:sweb.eval.x86_64.${instanceId}`;
  return `swebench/sweb.eval.x86_64.${instanceId.toLowerCase().replaceAll("__", "_1776_")}:latest`;
}

export const startTestOutput = ">>>>> Start Test Output";
export const endTestOutput = ">>>>> End Test Output";
/** Written by SWE-bench 5.x eval scripts after the end marker: the test command's own exit status. */
export const testExitCodeMarker = ">>>>> Test Exit Code";
/** Markers whose presence makes SWE-bench's get_logs_eval return no results. */
export const failureMarkers = [">>>>> Patch Apply Failed", ">>>>> Reset Failed", ">>>>> Tests Errored", ">>>>> Tests Timed Out"];

/** The 4.1.0 spec of a row, or an error naming the row, the repo and the version. */
export function specOfRow(row: Pick<SwebenchRow, "instance_id" | "repo" | "version">): SwebenchSpec {
  const spec = swebenchSpec(row.repo, row.version);
  if (spec === undefined) {
    throw new InputError(`SWE-bench 4.1.0 has no spec for ${row.repo} version ${JSON.stringify(row.version)} (instance ${row.instance_id})`, { field: "version" });
  }
  return spec;
}

/** SWE-bench's get_test_directives: test files of the test patch (django: dotted module names without tests/). */
export function testDirectives(row: Pick<SwebenchRow, "repo" | "test_patch">): string[] {
  const files = [...row.test_patch.matchAll(/diff --git a\/[^\n]* b\/([^\n]*)/g)].map((match) => match[1] ?? "");
  const tests = files.filter((file) => !nonTestExtensions.some((extension) => file.endsWith(extension)));
  if (row.repo !== "django/django") return tests;
  return tests.map((file) => {
    const module = file.endsWith(".py") ? file.slice(0, -3) : file;
    return (module.startsWith("tests/") ? module.slice("tests/".length) : module).replaceAll("/", ".");
  });
}

/** The full test command of an instance (the spec's test_cmd + directives). */
export function swebenchTestCommand(row: SwebenchRow): string {
  return [specOfRow(row).testCmd, ...testDirectives(row)].join(" ");
}

/**
 * SWE-bench 4.1.0's eval script (make_eval_script_list_py wrapped as TestSpec.eval_script): activate `testbed`,
 * the spec's eval_commands, record the repository state, re-run the spec's install step, reset the test files,
 * apply test_patch, run the tests between the markers, reset the test files again.
 */
export function swebenchEvalScript41(row: SwebenchRow): string {
  const spec = specOfRow(row);
  const delimiter = "EOF_114329324912";
  const reset = `git checkout ${row.base_commit} ${modifiedFiles(row.test_patch, `${row.instance_id}: test_patch`).join(" ")}`;
  const activate = ["source /opt/miniconda3/bin/activate", "conda activate testbed"];
  const commands = [
    ...activate,
    "cd /testbed",
    ...(spec.evalCommands ?? []),
    "git config --global --add safe.directory /testbed",
    "cd /testbed",
    "git status",
    "git show",
    `git -c core.fileMode=false diff ${row.base_commit}`,
    ...activate,
    ...(spec.install === undefined ? [] : [spec.install]),
    reset,
    `git apply -v - <<'${delimiter}'\n${row.test_patch}\n${delimiter}`,
    `: '${startTestOutput}'`,
    swebenchTestCommand(row),
    `: '${endTestOutput}'`,
    reset,
  ];
  return ["#!/bin/bash", "set -uxo pipefail", ...commands].join("\n") + "\n";
}

/**
 * The script SWE-bench 5.0.2 runs for a row: the row's own `eval_script` (5.x datasets carry one) or else 4.1.0's,
 * split into lines without the shebang and `set` line (parse_eval_script), with the test command's exit status
 * recorded after the end marker (record_test_exit_code).
 */
export function swebenchEvalScript50(row: SwebenchRow): string {
  const source = typeof row.eval_script === "string" && row.eval_script !== "" ? row.eval_script : swebenchEvalScript41(row);
  const lines = source.trim().split("\n").filter((line) => line !== "#!/bin/bash" && line !== "set -uxo pipefail");
  const end = lines.findIndex((line) => line.includes(endTestOutput));
  const recorded =
    end < 0
      ? lines
      : [...lines.slice(0, end), "SWEBENCH_TEST_EXIT_CODE=$?", lines[end] as string, `echo "${testExitCodeMarker}: $SWEBENCH_TEST_EXIT_CODE"`, ...lines.slice(end + 1)];
  return ["#!/bin/bash", "set -uxo pipefail", ...recorded].join("\n") + "\n";
}

/** The eval script the named SWE-bench release runs for a row. */
export function swebenchEvalScript(row: SwebenchRow, version: SwebenchVersion): string {
  return version === "4.1.0" ? swebenchEvalScript41(row) : swebenchEvalScript50(row);
}
