// QuixBugs as Tasks, read in place from its repository layout: buggy program in /testbed, its tests hidden until grading.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { InputError } from "../core/errors.js";
import { baseImage } from "../util/paths.js";
import { parsePytestNodeStatuses } from "./pytest-log.js";
import { commitBaseState, runTests } from "./sandbox-steps.js";
import type { GradeResult, Task } from "./task.js";

/** Seconds a QuixBugs grading run may take by default (bitcount, find_first_in_sorted and sqrt hang when buggy). */
const quixbugsTimeoutSeconds = 60;

/** The program names of a QuixBugs checkout: one per python_testcases/test_<name>.py. */
async function quixbugsProgramNames(root: string): Promise<string[]> {
  const testDirectory = join(root, "python_testcases");
  if (!existsSync(testDirectory)) throw new InputError("not a QuixBugs checkout (python_testcases/ missing)", { file: root });
  const names = (await readdir(testDirectory)).filter((file) => /^test_\w+\.py$/.test(file)).map((file) => file.slice(5, -3));
  return names.sort();
}

/** The unified diff from the buggy to the correct program, as `git apply` expects it at /testbed. */
async function goldPatchOf(root: string, name: string): Promise<string> {
  const result = await execa("git", ["diff", "--no-index", "--no-color", `python_programs/${name}.py`, `correct_python_programs/${name}.py`], {
    cwd: root,
    reject: false,
  });
  return result.stdout
    .replaceAll(`b/correct_python_programs/${name}.py`, `b/python_programs/${name}.py`)
    .replace(/^index .*\n/m, "") + "\n";
}

function problemStatementOf(name: string, source: string): string {
  const docstring = /"""([\s\S]*?)"""/.exec(source)?.[1]?.trim() ?? "";
  return [
    `The function \`${name}\` in python_programs/${name}.py has a bug: it returns wrong results (or never returns) for some inputs.`,
    "It is a classic algorithm with a defect on a single line. Fix the implementation so that it behaves as documented:",
    "",
    docstring,
  ].join("\n");
}

/** Loads QuixBugs tasks from a checkout at `root` (files are read from there, never copied into the project). */
export async function loadQuixbugsTasks(root: string): Promise<Task[]> {
  const directory = resolve(root);
  const tasks: Task[] = [];
  for (const name of await quixbugsProgramNames(directory)) {
    const program = await readFile(join(directory, "python_programs", `${name}.py`), "utf8");
    const node = await readFile(join(directory, "python_programs", "node.py"), "utf8").catch(() => null);
    const hidden: Record<string, string> = {
      "conftest.py": await readFile(join(directory, "conftest.py"), "utf8"),
      [`python_testcases/test_${name}.py`]: await readFile(join(directory, "python_testcases", `test_${name}.py`), "utf8"),
      "python_testcases/load_testdata.py": await readFile(join(directory, "python_testcases", "load_testdata.py"), "utf8"),
      "python_testcases/node.py": await readFile(join(directory, "python_testcases", "node.py"), "utf8"),
    };
    const json = await readFile(join(directory, "json_testcases", `${name}.json`), "utf8").catch(() => null);
    if (json !== null) hidden[`json_testcases/${name}.json`] = json;
    const command = `python3 -m pytest -rA -p no:cacheprovider python_testcases/test_${name}.py`;
    tasks.push({
      id: `quixbugs__${name}`,
      problemStatement: problemStatementOf(name, program),
      image: baseImage,
      source: "quixbugs",
      goldPatch: await goldPatchOf(directory, name),
      ds: { instance_id: `quixbugs__${name}`, program: name, quixbugs_root: directory },
      async prepare(sandbox) {
        await sandbox.writeFile(`/testbed/python_programs/${name}.py`, program);
        if (node !== null) await sandbox.writeFile("/testbed/python_programs/node.py", node);
        await commitBaseState(sandbox);
      },
      async grade(sandbox, options): Promise<GradeResult> {
        const started = performance.now();
        for (const [path, content] of Object.entries(hidden)) await sandbox.writeFile(`/testbed/${path}`, content);
        const result = await runTests(sandbox, command, options?.timeoutSeconds ?? quixbugsTimeoutSeconds);
        const tests = result.timedOut ? {} : parsePytestNodeStatuses(result.output);
        const statuses = Object.values(tests);
        const reward = statuses.includes("PASSED") && statuses.every((status) => status === "PASSED" || status === "SKIPPED") ? 1 : 0;
        return { reward, testOutput: result.output, tests, seconds: (performance.now() - started) / 1000 };
      },
    });
  }
  return tasks;
}
