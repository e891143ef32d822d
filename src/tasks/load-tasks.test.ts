// loadTasks: spec detection, task.yaml validation errors with file/line/field, bad rows, R2E rows from real trajectories.
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { sharedDataDir } from "../util/paths.js";
import { builtinBenchmarkDir, loadTasks } from "./load-tasks.js";

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), "entropo-tasks-"));
}

async function taskWithYaml(yaml: string): Promise<string> {
  const directory = await scratch();
  await cp(join(builtinBenchmarkDir(), "lru-cache"), directory, { recursive: true });
  await writeFile(join(directory, "task.yaml"), yaml);
  return directory;
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("loadTasks specs", () => {
  it("loads builtin, a directory of task dirs and a single task dir", async () => {
    const builtin = await loadTasks("builtin");
    expect(builtin.length).toBeGreaterThanOrEqual(12);
    expect(builtin.every((task) => task.source === "local" && task.problemStatement.length > 80)).toBe(true);
    expect((await loadTasks(builtinBenchmarkDir(), { limit: 2 })).map((task) => task.id)).toEqual(builtin.slice(0, 2).map((task) => task.id));
    const single = await loadTasks(join(builtinBenchmarkDir(), "semver-compare"));
    expect(single.map((task) => task.id)).toEqual(["semver-compare"]);
    expect(single[0]?.ds.fail_to_pass).toEqual(["tests/test_issue.py::test_issue_numeric_components", "tests/test_issue.py::test_issue_sort"]);
  });

  it("rejects an unknown spec and a bad --limit with the option named", async () => {
    expect((await inputError(loadTasks("/no/such/place"))).message).toMatch(/option --tasks .*"\/no\/such\/place"/);
    expect((await inputError(loadTasks("builtin", { limit: 0 }))).message).toMatch(/option --limit expects a positive integer, received 0/);
  });
});

describe("task.yaml validation", () => {
  it("names the line and field of a wrong type", async () => {
    const directory = await taskWithYaml("id: demo\nproblem_statement: fix it\nrepo: repo\nfail_to_pass:\n  - 42\n");
    const error = await inputError(loadTasks(directory));
    expect(error.file).toBe(join(directory, "task.yaml"));
    expect(error.line).toBe(5);
    expect(error.field).toBe("fail_to_pass.0");
    expect(error.message).toContain(`${join(directory, "task.yaml")}:5: field fail_to_pass.0`);
  });

  it("names an unknown key, a missing field and a missing repo directory", async () => {
    const unknown = await inputError(loadTasks(await taskWithYaml("id: demo\nproblem_statement: x\nrepo: repo\nfail_to_pass: [a::b]\nhiden_tests: hidden\n")));
    expect([unknown.line, unknown.field]).toEqual([5, "hiden_tests"]);
    const missing = await inputError(loadTasks(await taskWithYaml("id: demo\nrepo: repo\nfail_to_pass: [a::b]\n")));
    expect(missing.field).toBe("problem_statement");
    const noRepo = await inputError(loadTasks(await taskWithYaml("id: demo\nproblem_statement: x\nrepo: nowhere\nfail_to_pass: [a::b]\n")));
    expect(noRepo.field).toBe("repo");
    expect(noRepo.message).toMatch(/nowhere does not exist/);
  });

  it("reports a YAML syntax error with its line", async () => {
    const error = await inputError(loadTasks(await taskWithYaml("id: demo\nproblem_statement: [unclosed\nrepo: repo\n")));
    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(error.message).toMatch(/invalid YAML/);
  });
});

describe("row files", () => {
  it("names FILE:LINE and the field of a bad SWE-bench row in JSONL and in a JSON array", async () => {
    const directory = await scratch();
    const good = { instance_id: "o__r-1", repo: "o/r", base_commit: "c", problem_statement: "p", version: "1.0", test_patch: "", FAIL_TO_PASS: "[]", PASS_TO_PASS: "[]" };
    const jsonl = join(directory, "rows.jsonl");
    await writeFile(jsonl, `${JSON.stringify(good)}\n\n${JSON.stringify({ ...good, FAIL_TO_PASS: "not json" })}\n`);
    const error = await inputError(loadTasks(jsonl));
    expect([error.file, error.line, error.field]).toEqual([jsonl, 3, "FAIL_TO_PASS"]);
    const json = join(directory, "rows.json");
    await writeFile(json, JSON.stringify([good, { ...good, repo: "no-slash" }], null, 2));
    const arrayError = await inputError(loadTasks(json));
    expect([arrayError.line, arrayError.field]).toEqual([12, "repo"]); // the line where the second row starts
    const unknown = join(directory, "other.jsonl");
    await writeFile(unknown, '{"hello": 1}\n');
    expect((await inputError(loadTasks(unknown))).message).toMatch(/other.jsonl:1: .*unknown row kind/);
  });

  const trajectories = join(sharedDataDir(), "r2e-trajectories");
  const haveTrajectories = existsSync(trajectories);
  if (!haveTrajectories) console.warn(`skipping R2E row tests: ${trajectories} is absent`);
  it.skipIf(!haveTrajectories)("reads R2E-Gym rows (the ds of real trajectories) as r2e tasks with their images", async () => {
    const files = (await readdir(trajectories)).filter((file) => file.startsWith("trajectory_")).sort();
    const rows = await Promise.all(files.map(async (file) => {
      const trajectory = JSON.parse(await readFile(join(trajectories, file), "utf8")) as { env_args: { ds: unknown } };
      return JSON.stringify(trajectory.env_args.ds);
    }));
    const jsonl = join(await scratch(), "r2e.jsonl");
    await writeFile(jsonl, rows.join("\n") + "\n");
    const tasks = await loadTasks(jsonl);
    expect(tasks).toHaveLength(files.length);
    const aiohttp = tasks.find((task) => task.id === "aiohttp_006fbe03");
    expect(aiohttp?.source).toBe("r2e");
    expect(aiohttp?.image).toBe("namanjain12/aiohttp_final:006fbe03fede4eaa1eeba7b8393cbf4d63cb44b6");
    expect(JSON.parse(String(aiohttp?.ds.expected_output_json))["test_connection_del[pyloop]"]).toBe("PASSED");
    const single = await loadTasks(join(trajectories, files[0] ?? ""));
    expect(single[0]?.source).toBe("r2e");
  });
});
