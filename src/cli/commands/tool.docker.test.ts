// `entropo tool` end to end: a small repo copied to /testbed in a fresh container, calls applied in order, observations
// printed as a JSON array.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerTestSetup } from "../../sandbox/testing/docker-test-setup.js";
import { runCliInProcess } from "../../testing/run-cli.js";

const setup = await dockerTestSetup(`tool-cli-test-${process.pid}`);
if ("skip" in setup) console.warn(`skipping entropo tool test: ${setup.skip}`);

describe.skipIf("skip" in setup)("entropo tool in Docker", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "entropo-tool-cli-"));
    await writeFile(join(dir, "hello.py"), "print('hi')\n");
    await writeFile(join(dir, "bad.json"), JSON.stringify(["ok", 3]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("replays calls on a committed copy of the repo and prints the observations", async () => {
    const calls = join(dir, "calls.json");
    await writeFile(
      calls,
      JSON.stringify([
        "<function=file_editor><parameter=command>view</parameter><parameter=path>/testbed/hello.py</parameter></function>",
        "<function=execute_bash><parameter=cmd>python3 hello.py && ls -a</parameter></function>",
      ]),
    );
    const result = await runCliInProcess(["tool", "--repo", dir, "--calls", calls]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      "Execution output of [file_editor]:\nHere's the result of running `cat -n` on the file: /testbed/hello.py:\n     1 print('hi')\n",
      "Exit code: 0\nExecution output of [execute_bash]:\n[STDOUT]\n\nhi\n.\n..\n.git\nbad.json\ncalls.json\nhello.py \n\n[STDERR]\n\n\n",
    ]);
  }, 120_000);
});
