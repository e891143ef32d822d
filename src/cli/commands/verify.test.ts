// `entropo verify` from the command line: its flags, their defaults and the wording of its errors, and a verifier pass
// against a real OpenAI-compatible judge on 127.0.0.1 (the records on disk get their P(YES)).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../../core/errors.js";
import { startJudgeServer, type JudgeServer } from "../../selection/testing/judge-server.js";
import { makeRun, record } from "../../selection/testing/run-files.js";
import { runCliInProcess } from "../../testing/run-cli.js";

let server: JudgeServer;
const probabilityOf = (user: string): number => (user.includes("inst-1") ? 0.8 : 0.3);

beforeAll(async () => {
  server = await startJudgeServer({ probabilityFor: probabilityOf, delayMs: () => 0 });
});
afterAll(async () => server.close());

const twoRecords = () => makeRun([record({ instance_id: "inst-1", rollout_index: 0 }), record({ instance_id: "inst-2", rollout_index: 0 })]);

/** The message of `entropo verify ARGS` failing on bad input (exit code 2 and one `entropo:` line). */
async function usageError(args: string[]): Promise<string> {
  const run = await runCliInProcess(["verify", ...args]);
  expect(run.code, run.stdout + run.stderr).toBe(ExitCode.badInput);
  return run.stderr;
}

describe("entropo verify (CLI)", () => {
  it("names the option, the expected value and the value received", async () => {
    const dir = await twoRecords();
    const judge = ["--runs", dir, "--verifier-url", "http://127.0.0.1:9/v1", "--verifier-model", "judge"];
    expect(await usageError(["--runs", dir])).toContain('option --regression / --verifier-url expects at least one signal to compute, received "neither"');
    expect(await usageError(["--runs", dir, "--verifier-model", "judge"])).toContain("option --verifier-url expects the judge endpoint with --verifier-model, received null");
    expect(await usageError(["--runs", dir, "--verifier-url", "http://127.0.0.1:9/v1"])).toContain("option --verifier-model expects the served verifier model name with --verifier-url, received null");
    expect(await usageError(["--runs", dir, "--regression"])).toContain(
      "option --tasks expects the task source of the runs (builtin, quixbugs:PATH, a task dir or a row file) with --regression, received null",
    );
    expect(await usageError([...judge, "--patch", "clean"])).toContain('option --patch expects "r2e" or "raw", received "clean"');
    expect(await usageError([...judge, "--verifier-concurrency", "0"])).toContain('option --verifier-concurrency expects a positive integer, received "0"');
    expect(await usageError([...judge, "--max-prompt-tokens", "many"])).toContain('option --max-prompt-tokens expects a positive integer, received "many"');
    const regression = ["--runs", dir, "--regression", "--tasks", "builtin"];
    expect(await usageError([...regression, "--regression-timeout", "0"])).toContain('option --regression-timeout expects a positive integer, received "0"');
    expect(await usageError([...regression, "--regression-concurrency", "1.5"])).toContain('option --regression-concurrency expects a positive integer, received "1.5"');
    expect(await usageError([...regression, "--grading", "strict"])).toContain('option --grading expects swebench or lenient, received "strict"');
    expect(await usageError([...regression, "--swebench-version", "3.0"])).toContain('option --swebench-version expects 4.1.0 or 5.0.2, received "3.0"');
  });

  it("scores every record with the judge's P(YES), sending R2E's judge request with the default budget", async () => {
    const dir = await twoRecords();
    const before = server.bodies.length;
    const run = await runCliInProcess(["verify", "--runs", dir, "--verifier-url", server.url, "--verifier-model", "judge", "--json"]);
    expect(run.code, run.stdout + run.stderr).toBe(ExitCode.ok);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; command?: string; data?: unknown });
    expect(events.at(-1)).toMatchObject({ type: "result", command: "verify", data: { scored: 2, failed: 0 } });
    const stored = (await readFile(join(dir, "trajectories.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { instance_id: string; verifier_prob: number });
    expect(stored.map((line) => [line.instance_id, line.verifier_prob])).toEqual([
      ["inst-1", expect.closeTo(0.8, 9)],
      ["inst-2", expect.closeTo(0.3, 9)],
    ]);
    expect(server.bodies.slice(before).map((body) => [body.model, body.temperature, body.top_logprobs])).toEqual([
      ["judge", 0, 20],
      ["judge", 0, 20],
    ]);
  });
});
