// The Docker sandbox against a real engine: isolation (no network, pids and memory limits), timeouts, file transfer,
// labels, removal of a run's containers and gc of containers whose owner process is dead.
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gcDeadRuns, removeRunContainers } from "./docker-sandbox.js";
import { LABEL_OWNER, LABEL_PID, LABEL_RUN, ownerName } from "./labels.js";
import type { Sandbox } from "./sandbox.js";
import { containersOfRun, dockerTestSetup } from "./testing/docker-test-setup.js";

const runId = `sandbox-test-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping Docker sandbox tests: ${setup.skip}`);

describe.skipIf("skip" in setup)("Docker sandbox", () => {
  const open: Sandbox[] = [];
  const create = async (extra: { memoryMb?: number; pidsLimit?: number } = {}) => {
    if ("skip" in setup) throw new Error("unreachable");
    const sandbox = await setup.factory.create({ image: setup.image, runId, ...extra });
    open.push(sandbox);
    return sandbox;
  };

  afterAll(async () => {
    if ("skip" in setup) return;
    await Promise.all(open.map((sandbox) => sandbox.close()));
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("runs in /testbed with labels, separates stdout from stderr and transfers files through archives", async () => {
    if ("skip" in setup) return;
    const sandbox = await create();
    const info = await setup.docker.getContainer(sandbox.id).inspect();
    expect(info.Config.Labels[LABEL_RUN]).toBe(runId);
    expect(info.Config.Labels[LABEL_PID]).toBe(String(process.pid));
    expect(info.HostConfig.NetworkMode).toBe("none");
    const result = await sandbox.exec("pwd; echo oops >&2; exit 4");
    expect(result).toMatchObject({ exitCode: 4, stdout: "/testbed\n", stderr: "oops\n", timedOut: false });
    await sandbox.writeFile("/opt/deep/dir/file.bin", new Uint8Array([0, 1, 2, 255]));
    expect([...(await sandbox.readFile("/opt/deep/dir/file.bin"))]).toEqual([0, 1, 2, 255]);
    expect((await sandbox.exec("stat -c %a /tmp")).output.trim()).toBe("1777");
    const host = await mkdtemp(join(tmpdir(), "entropo-copy-"));
    await mkdir(join(host, "a"));
    await writeFile(join(host, "a", "x.txt"), "x");
    await symlink("a/x.txt", join(host, "link"));
    await sandbox.copyIn(host, "/srv/copy");
    expect((await sandbox.exec("cat /srv/copy/a/x.txt; readlink /srv/copy/link")).output).toBe("xa/x.txt\n");
    await rm(host, { recursive: true });
    await expect(sandbox.readFile("/nope")).rejects.toThrow(/cannot read \/nope/);
  });

  it("has no network: outbound connections fail inside the sandbox", async () => {
    const sandbox = await create();
    const probe = await sandbox.exec(
      `python3 -c "import socket; s=socket.socket(); s.settimeout(3); s.connect(('1.1.1.1', 80))"`,
      { timeoutSeconds: 20 },
    );
    expect(probe.exitCode).not.toBe(0);
    expect(probe.output).toMatch(/Network is unreachable|timed out/);
    expect((await sandbox.exec("cat /sys/class/net/*/operstate | sort | tr '\\n' ' '")).output.trim()).toBe("unknown");
  });

  it("kills the whole process tree on timeout (setsid and env -i escapees too), spares earlier jobs, caps the output", async () => {
    const sandbox = await create();
    const earlier = await sandbox.exec("sleep 299 > /dev/null 2>&1 &");
    expect(earlier.exitCode).toBe(0);
    const result = await sandbox.exec(
      "setsid sleep 200 & setsid sh -c 'exec env -i sleep 203 >/dev/null 2>&1 &' & sleep 201 & echo started; sleep 202",
      { timeoutSeconds: 1 },
    );
    expect(result.timedOut).toBe(true);
    expect(result.output).toBe("started\n");
    const left = (await sandbox.exec("ps -eo args")).output;
    expect(left).not.toMatch(/sleep 20[0-3]/);
    expect(left).toMatch(/sleep 299/);
    const big = await sandbox.exec("head -c 100000 /dev/zero | tr '\\0' a", { maxOutputBytes: 1000 });
    expect(big.truncated).toBe(true);
    expect(big.output.length).toBe(1000);
  });

  // Counts /proc entries with shell builtins only (the count command's own wrapper, timeout and shell included).
  const COUNT_PROCESSES = "n=0; for d in /proc/[0-9]*; do n=$((n+1)); done; echo $n";
  /** A fork bomb that never ends by itself; with `escape`, every child leaves the process group with setsid(). */
  const forkBomb = (escape: boolean) =>
    `python3 -c "
import os
said = False
while True:
    try:
        if os.fork() == 0 and ${escape ? "True" : "False"}:
            os.setsid()
    except OSError:
        if not said:
            print('Cannot fork', flush=True)
            said = True"`;

  it.each([
    ["in its process group", false],
    ["that escaped its process group (setsid)", true],
  ])("kills a fork bomb %s on timeout: every process gone before the next command, pids limit unchanged", async (_name, escape) => {
    if ("skip" in setup) return;
    const sandbox = await create({ pidsLimit: 64 });
    const baseline = (await sandbox.exec(COUNT_PROCESSES)).stdout;
    const bomb = await sandbox.exec(forkBomb(escape), { timeoutSeconds: 3 });
    expect(bomb.timedOut).toBe(true);
    expect(bomb.output).toContain("Cannot fork");
    expect((await sandbox.exec(COUNT_PROCESSES)).stdout).toBe(baseline);
    expect((await sandbox.exec("echo alive")).output).toBe("alive\n");
    expect((await setup.docker.getContainer(sandbox.id).inspect()).HostConfig.PidsLimit).toBe(64);
  });

  it("kills a timed-out tree after the warden shell was killed (falls back to an exec kill, then a new warden)", async () => {
    const sandbox = await create();
    await sandbox.exec("for p in /proc/[0-9]*; do case $(tr '\\0' ' ' < $p/cmdline 2>/dev/null) in '/bin/sh -s ') kill -9 ${p#/proc/};; esac; done");
    expect((await sandbox.exec("setsid sleep 230 & sleep 231", { timeoutSeconds: 1 })).timedOut).toBe(true);
    expect((await sandbox.exec("ps -eo args")).output).not.toMatch(/sleep 23[01]/);
  });

  it("spawns a long-lived process with stdin/stdout attached and kills its whole tree (setsid escapees too)", async () => {
    const sandbox = await create();
    const received: Buffer[] = [];
    let wake: () => void = () => undefined;
    const child = await sandbox.spawn?.("setsid sleep 210 & exec cat", {
      onStdout: (chunk) => {
        received.push(chunk);
        wake();
      },
    });
    if (child === undefined) throw new Error("the Docker sandbox must support spawn");
    child.write(Buffer.from("ping\n"));
    while (Buffer.concat(received).toString() !== "ping\n") await new Promise<void>((resolve) => (wake = resolve));
    expect((await sandbox.exec("ps -eo args")).output).toMatch(/sleep 210/);
    await child.kill();
    expect(await child.exited).toBe(137);
    expect((await sandbox.exec("ps -eo args")).output).not.toMatch(/sleep 210|cat/);
  });

  it("contains a memory hog with the memory limit (the hog is OOM-killed, the sandbox lives)", async () => {
    const sandbox = await create({ memoryMb: 128 });
    const hog = await sandbox.exec(`python3 -c "b = bytearray(512 * 1024 * 1024); print('allocated')"`, { timeoutSeconds: 60 });
    expect(hog.exitCode).not.toBe(0);
    expect(hog.output).not.toContain("allocated");
    expect((await sandbox.exec("echo alive")).output).toBe("alive\n");
  });

  it("removes every container of a run, and gc removes containers whose owner process is dead", async () => {
    if ("skip" in setup) return;
    const sandbox = await create();
    const deadRun = `${runId}-dead`;
    const orphan = await setup.docker.createContainer({
      Image: setup.image,
      Cmd: ["sleep", "infinity"],
      Labels: { [LABEL_RUN]: deadRun, [LABEL_PID]: "999999999", [LABEL_OWNER]: ownerName() },
      HostConfig: { NetworkMode: "none" },
    });
    const { removed } = await gcDeadRuns();
    expect(removed).toContain(orphan.id);
    expect(removed).not.toContain(sandbox.id);
    expect(await containersOfRun(deadRun)).toEqual([]);
    const otherRun = `${runId}-other`;
    const other = await setup.docker.createContainer({ Image: setup.image, Cmd: ["true"], Labels: { [LABEL_RUN]: otherRun } });
    expect(await removeRunContainers(otherRun)).toEqual([other.id]);
    await sandbox.close();
    await sandbox.close();
    expect(await containersOfRun(runId)).not.toContain(sandbox.id);
  });
});
