// execute_bash through the persistent tool server in a real container: every observation is byte for byte the one of
// the exec path (environment, stdin, file descriptors, signals, session layout, exit codes, undecodable and large
// output), a timed-out command's whole tree is killed (a setsid fork bomb too) and the server keeps serving.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecOptions, Sandbox } from "../../sandbox/sandbox.js";
import { containersOfRun, dockerTestSetup } from "../../sandbox/testing/docker-test-setup.js";
import { executeAssistantText } from "../execute-call.js";
import { sandboxWithRepo, writeTempRepo } from "../testing/repo-sandbox.js";
import { existingToolServer } from "./tool-server.js";

const runId = `server-exec-test-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping execute_bash server tests: ${setup.skip}`);

/** The same sandbox without a server (no spawn): execute_bash then runs every command as an exec. */
function execOnly(sandbox: Sandbox): Sandbox {
  return {
    id: sandbox.id,
    exec: (command: string, options?: ExecOptions) => sandbox.exec(command, options),
    writeFile: (path, content, mode) => sandbox.writeFile(path, content, mode),
    readFile: (path) => sandbox.readFile(path),
    copyIn: (from, to) => sandbox.copyIn(from, to),
    close: () => sandbox.close(),
  };
}

/** A sandbox that counts its execs (the server path must not use any once the server runs). */
function counting(sandbox: Sandbox): Sandbox & { execs: number } {
  const counted = Object.assign(Object.create(sandbox) as Sandbox, { execs: 0 });
  counted.exec = (command: string, options?: ExecOptions) => {
    counted.execs += 1;
    return sandbox.exec(command, options);
  };
  return counted;
}

const bash = (cmd: string) => `<function=execute_bash>\n<parameter=cmd>${cmd}</parameter>\n</function>`;
/** A file_editor call: it waits for the tool server to start (the first execute_bash runs as an exec beside it). */
const VIEW_ROOT = "<function=file_editor>\n<parameter=command>view</parameter>\n<parameter=path>/testbed</parameter>\n</function>";

/** Commands whose observation depends only on the sandbox, covering how a command sees its process and ends. */
const PARITY = [
  "echo out; echo err >&2; exit 3",
  "env | grep -v '^ENTROPO_EXEC_ID=' | sort",
  "cat; echo stdin-rc=$?; readlink /proc/self/fd/0; ls /proc/self/fd",
  "trap; umask; ulimit -n; ulimit -u; grep -E '^Sig(Ign|Blk)' /proc/self/status",
  "s=$(cut -d' ' -f6 /proc/$$/stat); g=$(cut -d' ' -f5 /proc/$$/stat); [ $s = $$ ] && echo leader || echo member; [ $g = $$ ] && echo group-leader || echo in-group",
  "setsid sh -c 'echo in-setsid'; echo after",
  "pwd; echo $0; id -u; echo $HOME",
  "printf 'caf\\303\\251 \\377\\376 bad\\n'; printf '\\033[31mred\\033[0m\\r\\n' >&2",
  "seq 1 30000 | tail -c 200; head -c 300000 /dev/zero | tr '\\0' x | wc -c",
  "python3 -c 'import sys; sys.stdout.write(\"x\" * 70000); sys.stderr.write(\"y\")' | wc -c",
  "python3 -c 'import ctypes; ctypes.string_at(0)'; echo status=$?; python3 -c 'import ctypes; ctypes.string_at(0)'",
  "exit 124",
  "sleep 0.2 & echo background",
  "",
];

describe.skipIf("skip" in setup)("execute_bash through the tool server", () => {
  let sandbox: Sandbox & { execs: number };
  let reference: Sandbox;
  let repo: string;

  beforeAll(async () => {
    if ("skip" in setup) return;
    repo = await writeTempRepo("entropo-server-exec-", { "a.py": "x = 1\n" });
    const real = await sandboxWithRepo(setup, runId, repo);
    sandbox = counting(real);
    reference = execOnly(real);
  }, 120_000);

  afterAll(async () => {
    if ("skip" in setup) return;
    await sandbox?.close();
    await rm(repo, { recursive: true, force: true });
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("gives byte for byte the observation of the exec path, from one server and without execs", async () => {
    expect(await executeAssistantText(sandbox, bash("echo first"))).toContain("first"); // an exec; starts the server beside it
    await executeAssistantText(sandbox, VIEW_ROOT);
    const execsBefore = sandbox.execs;
    for (const cmd of PARITY) {
      const served = await executeAssistantText(sandbox, bash(cmd));
      const separate = await executeAssistantText(reference, bash(cmd));
      expect({ cmd, served }).toEqual({ cmd, served: separate });
    }
    expect(sandbox.execs).toBe(execsBefore);
    expect(existingToolServer(sandbox)?.starts).toBe(1);
  });

  it("kills a timed-out command's whole tree (setsid escapees) and keeps the server", async () => {
    const observation = await executeAssistantText(sandbox, bash("setsid sleep 250 & sleep 251 & echo started; sleep 252"), { commandTimeoutSeconds: 1 });
    expect(observation).toBe("Exit code: -1\nExecution output of [execute_bash]:\nThe command took too long to execute (>1s)");
    expect((await sandbox.exec("ps -eo args")).output).not.toMatch(/sleep 25[012]/);
    expect(await executeAssistantText(sandbox, bash("echo next"))).toContain("[STDOUT]\n\nnext \n");
    expect(existingToolServer(sandbox)?.starts).toBe(1);
  });

  it("runs commands that kill processes by name as execs, so killing the server loses no output", async () => {
    const kill = await executeAssistantText(sandbox, bash("pkill -9 -f 'r2e_tools.py --serv[e]'; echo killed"));
    expect(kill).toBe("Exit code: 0\nExecution output of [execute_bash]:\n[STDOUT]\n\nkilled \n\n[STDERR]\n\n\n");
    expect(await executeAssistantText(sandbox, bash("echo again"))).toContain("again"); // an exec, restarting the server
    await executeAssistantText(sandbox, VIEW_ROOT);
    expect(existingToolServer(sandbox)?.starts).toBe(2);
  });

  it("kills a setsid fork bomb run through the server on timeout; the sandbox and the server stay usable", async () => {
    if ("skip" in setup) return;
    const limited = await setup.factory.create({ image: setup.image, runId, pidsLimit: 64 });
    try {
      const count = "n=0; for d in /proc/[0-9]*; do n=$((n+1)); done; echo $n";
      await executeAssistantText(limited, VIEW_ROOT);
      const baseline = (await limited.exec(count)).stdout;
      const bomb = `python3 -c "
import os
while True:
    try:
        if os.fork() == 0:
            os.setsid()
    except OSError:
        pass"`;
      expect(await executeAssistantText(limited, bash(bomb), { commandTimeoutSeconds: 3 })).toContain("took too long to execute (>3s)");
      expect((await limited.exec(count)).stdout).toBe(baseline);
      expect(await executeAssistantText(limited, bash("echo alive"))).toContain("alive");
      expect(existingToolServer(limited)?.starts).toBe(1);
    } finally {
      await limited.close();
    }
  });
});
