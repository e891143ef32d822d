// Held-out cases for files with CRLF (and CR, and mixed) line endings, judged by R2E-Gym's file_editor: it reads with
// universal newlines (pathlib read_text), so a multi-line old_str matches a CRLF file and no observation shows a "\r".
// The expected texts are derived by hand from R2E's rules (docs/agent.md). entropo keeps a CRLF or CR file's line
// endings when it writes (R2E rewrote them all to "\n"), so the diff shows only the edit and undo restores the bytes.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containersOfRun, dockerTestSetup } from "../sandbox/testing/docker-test-setup.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { executeAssistantText } from "./execute-call.js";
import { outputPatch } from "./output-patch.js";
import { sandboxWithRepo, writeTempRepo } from "./testing/repo-sandbox.js";

const runId = `agent-tools-crlf-test-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping CRLF tool tests: ${setup.skip}`);

const CRLF_FILE = "def f():\r\n    x = 1\r\n    return x\r\n\r\n\r\ndef g():\r\n    return 2\r\n";
const editor = (parameters: Record<string, string>) =>
  `<function=file_editor>\n${Object.entries(parameters)
    .map(([key, value]) => `<parameter=${key}>${value}</parameter>`)
    .join("\n")}\n</function>`;
const FE = "Execution output of [file_editor]:\n";
const REVIEW = "Review the changes and make sure they are as expected. Edit the file again if necessary.\n";
const rows = (first: number, lines: string[]) => lines.map((line, i) => `${String(first + i).padStart(6)}\t${line}`).join("\n") + "\n";

describe.skipIf("skip" in setup)("file_editor on CRLF files, as R2E-Gym's file_editor", () => {
  let sandbox: Sandbox;
  let repo: string;
  const run = (text: string) => executeAssistantText(sandbox, text, { commandTimeoutSeconds: 30 });
  const bytes = async (path: string) => (await sandbox.readFile(path)).toString("utf8");

  beforeAll(async () => {
    if ("skip" in setup) return;
    repo = await writeTempRepo("entropo-crlf-", {
      "crlf.py": CRLF_FILE,
      "undo.py": CRLF_FILE,
      "insert.py": CRLF_FILE,
      "mixed.py": "a = 1\r\nb = 2\nc = 3\r\n",
      "cr.py": "x = 1\ry = 2\r",
      "twice.py": "if a:\r\n    pass\r\nif b:\r\n    pass\r\n",
    });
    sandbox = await sandboxWithRepo(setup, runId, repo);
  }, 120_000);

  afterAll(async () => {
    if ("skip" in setup) return;
    await sandbox?.close();
    await rm(repo, { recursive: true, force: true });
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("replaces a multi-line old_str written with \\n in a CRLF file (snippet without \\r) and keeps the file's CRLF", async () => {
    const path = "/testbed/crlf.py";
    expect(await run(editor({ command: "str_replace", path, old_str: "x = 1\n    return x", new_str: "x = 2\n    return x + 1" }))).toBe(
      FE +
        `The file ${path} has been edited. Here's the result of running \`cat -n\` on a snippet of ${path}:\n` +
        rows(1, ["def f():", "    x = 2", "    return x + 1", "", "", "def g():", "    return 2"]) +
        REVIEW,
    );
    expect(await bytes(path)).toBe(CRLF_FILE.replace("x = 1\r\n    return x\r\n", "x = 2\r\n    return x + 1\r\n"));
    const { patch } = await outputPatch(sandbox);
    expect(patch).toContain("-    x = 1\r\n-    return x\r\n+    x = 2\r\n+    return x + 1\r\n");
    expect(patch.match(/^[+-] /gm)).toHaveLength(4);
  });

  it("counts occurrences across CRLF line breaks (Multiple occurrences) and views without \\r", async () => {
    expect(await run(editor({ command: "str_replace", path: "/testbed/twice.py", old_str: ":\n    pass", new_str: "" }))).toBe(
      FE + "ERROR: Multiple occurrences of ':\n    pass' found in /testbed/twice.py. Please ensure it is unique before using str_replace.\n",
    );
    const path = "/testbed/crlf.py";
    expect(await run(editor({ command: "view", path, view_range: "[6, 7]" }))).toBe(
      FE + `Here's the result of running \`cat -n\` on the file: ${path}:\n     6 def g():\n     7     return 2\n`,
    );
  });

  it("inserts into a CRLF file with CRLF line endings, and undo_edit restores the exact bytes", async () => {
    const path = "/testbed/insert.py";
    expect(await run(editor({ command: "insert", path, insert_line: "1", new_str: "    # a\n    # b" }))).toBe(
      FE +
        `The file ${path} has been edited. Here's the result of running \`cat -n\` on a snippet of the edited file:\n` +
        rows(1, ["def f():", "# a", "    # b", "    x = 1", "    return x", "", ""]) +
        "Review the changes and make sure they are as expected (correct indentation, no duplicate lines, etc). Edit the file again if necessary.\n",
    );
    expect(await bytes(path)).toBe(CRLF_FILE.replace("def f():\r\n", "def f():\r\n# a\r\n    # b\r\n"));
    const undo = "/testbed/undo.py";
    await run(editor({ command: "str_replace", path: undo, old_str: "def g():\n    return 2", new_str: "def g():\n    return 3" }));
    expect(await bytes(undo)).toContain("return 3\r\n");
    const undone = await run(editor({ command: "undo_edit", path: undo }));
    expect(undone).toBe(
      FE +
        `Last edit to ${undo} undone successfully. Here's the result of running \`cat -n\` on ${undo}:\n` +
        rows(1, ["def f():", "    x = 1", "    return x", "", "", "def g():", "    return 2", ""]) +
        "\n",
    );
    expect(await bytes(undo)).toBe(CRLF_FILE);
  });

  it("writes a file with mixed line endings with \\n as R2E does, and keeps a CR-only file's \\r", async () => {
    await run(editor({ command: "str_replace", path: "/testbed/mixed.py", old_str: "b = 2\nc = 3", new_str: "b = 20\nc = 30" }));
    expect(await bytes("/testbed/mixed.py")).toBe("a = 1\nb = 20\nc = 30\n");
    expect(await run(editor({ command: "str_replace", path: "/testbed/cr.py", old_str: "x = 1\ny = 2", new_str: "x = 1\ny = 3" }))).toBe(
      FE +
        "The file /testbed/cr.py has been edited. Here's the result of running `cat -n` on a snippet of /testbed/cr.py:\n" +
        rows(1, ["x = 1", "y = 3", ""]) +
        REVIEW,
    );
    expect(await bytes("/testbed/cr.py")).toBe("x = 1\ry = 3\r");
  });
});
