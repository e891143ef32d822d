// The local-directory Sandbox double keeps the Sandbox contract the Docker sandbox keeps (docker-sandbox.docker.test.ts):
// workdir-relative paths, exit codes, timeouts, output caps, copyIn of a host directory, close removes everything.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLocalDirSandboxFactory } from "./local-dir-sandbox.js";

const spec = { image: "unused", workdir: "/testbed", runId: "local" };

describe("local-directory sandbox", () => {
  it("runs commands in a copy of the source directory, never touching the source", async () => {
    const source = await mkdtemp(join(tmpdir(), "entropo-local-src-"));
    await writeFile(join(source, "a.txt"), "original\n");
    const factory = createLocalDirSandboxFactory({ source });
    const sandbox = await factory.create(spec);
    expect(factory.alive()).toBe(1);
    const result = await sandbox.exec("cat a.txt && echo changed > a.txt && echo oops >&2 && exit 3");
    expect(result).toMatchObject({ exitCode: 3, stdout: "original\n", stderr: "oops\n", timedOut: false, truncated: false });
    expect((await sandbox.readFile("/testbed/a.txt")).toString()).toBe("changed\n");
    expect((await sandbox.readFile("a.txt")).toString()).toBe("changed\n");
    expect((await sandbox.exec("cat a.txt", {})).output).toBe("changed\n");
    expect(readFileSync(join(source, "a.txt"), "utf8")).toBe("original\n");
    await sandbox.close();
    await sandbox.close();
    expect(factory.alive()).toBe(0);
    expect(factory.stats).toEqual({ created: 1, closed: 1, peakAlive: 1 });
  });

  it("writes files with parents, copies host directories in, honours workdir and env", async () => {
    const factory = createLocalDirSandboxFactory();
    const sandbox = await factory.create({ ...spec, env: { FROM_SPEC: "spec" } });
    await sandbox.writeFile("/opt/tool/run.sh", "echo tool $FROM_SPEC $FROM_CALL\n", 0o755);
    const host = await mkdtemp(join(tmpdir(), "entropo-local-in-"));
    await writeFile(join(host, "b.txt"), "copied");
    await sandbox.copyIn(host, "/testbed/sub");
    expect((await sandbox.exec("cat b.txt", { workdir: "/testbed/sub" })).output).toBe("copied");
    expect((await sandbox.exec("sh opt/tool/run.sh", { workdir: "/testbed/..", env: { FROM_CALL: "call" } })).output).toBe("tool spec call\n");
    await expect(sandbox.readFile("/missing")).rejects.toThrow(/ENOENT/);
    await sandbox.close();
  });

  it("kills a command at its timeout and caps its output", async () => {
    const sandbox = await createLocalDirSandboxFactory().create(spec);
    const slow = await sandbox.exec("sleep 30", { timeoutSeconds: 0.2 });
    expect(slow.timedOut).toBe(true);
    expect(slow.exitCode).not.toBe(0);
    const long = await sandbox.exec("head -c 5000 /dev/zero | tr '\\0' x", { maxOutputBytes: 100 });
    expect(long.output).toBe("x".repeat(100));
    expect(long.truncated).toBe(true);
    const root = (await sandbox.exec("printf %s \"$SANDBOX_ROOT\"")).output;
    expect(existsSync(root)).toBe(true);
    await sandbox.close();
    expect(existsSync(root)).toBe(false);
  });
});
