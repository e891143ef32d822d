// A Sandbox on the host for trusted fixtures only (the Sandbox test double; no isolation): every sandbox is a fresh
// temp directory that stands for the container's filesystem root, commands run with /bin/sh on the host.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import type { ExecOptions, ExecResult, Sandbox, SandboxFactory, SandboxSpec } from "../sandbox.js";

export type LocalDirSandboxOptions = {
  /** A host directory copied into each new sandbox's workdir (default: an empty workdir). */
  source?: string;
};

/** The factory with counters the tests read (sandboxes created, closed, and the most open at once). */
export type LocalDirSandboxFactory = SandboxFactory & { readonly stats: { created: number; closed: number; peakAlive: number } };

/** Default bytes of output kept by exec (the Docker sandbox's default). */
const defaultMaxOutputBytes = 1024 * 1024;

/** Maps a sandbox path (absolute, or relative to the workdir) to its host path under `root`. */
function hostPath(root: string, workdir: string, path: string): string {
  return join(root, posix.resolve(workdir, path));
}

/** SIGKILLs a process group (already gone is fine). */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group has exited
  }
}

/** Runs `command` with /bin/sh in `cwd`, killing its process group after the timeout. */
function runShell(command: string, cwd: string, env: Record<string, string>, options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const limit = options.maxOutputBytes ?? defaultMaxOutputBytes;
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], { cwd, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const output: Buffer[] = [];
    const streams = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    const take = (name: "stdout" | "stderr") => (chunk: Buffer) => {
      const room = Math.max(0, limit - kept);
      if (chunk.length > room) truncated = true;
      const part = chunk.subarray(0, room);
      kept += part.length;
      output.push(part);
      streams[name].push(part);
    };
    child.stdout.on("data", take("stdout"));
    child.stderr.on("data", take("stderr"));
    const timer =
      options.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
          }, options.timeoutSeconds * 1000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? 137,
        output: Buffer.concat(output).toString("utf8"),
        stdout: Buffer.concat(streams.stdout).toString("utf8"),
        stderr: Buffer.concat(streams.stderr).toString("utf8"),
        timedOut,
        truncated,
        durationMs: performance.now() - started,
      });
    });
  });
}

/** One local-directory sandbox rooted at `root` (the container's "/" on the host). */
function localDirSandbox(id: string, root: string, spec: SandboxSpec, onClose: () => void): Sandbox {
  const workdir = spec.workdir ?? "/";
  let closed = false;
  return {
    id,
    exec(command, options = {}) {
      const env = { ...spec.env, ...options.env, SANDBOX_ROOT: root };
      return runShell(command, hostPath(root, workdir, options.workdir ?? workdir), env, options);
    },
    async writeFile(path, content, mode) {
      const file = hostPath(root, workdir, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content, mode === undefined ? {} : { mode });
    },
    readFile(path) {
      return readFile(hostPath(root, workdir, path));
    },
    async copyIn(hostDirectory, sandboxDirectory) {
      await cp(hostDirectory, hostPath(root, workdir, sandboxDirectory), { recursive: true });
    },
    async close() {
      if (closed) return;
      closed = true;
      await rm(root, { recursive: true, force: true });
      onClose();
    },
  };
}

/** A SandboxFactory of local-directory sandboxes (trusted fixtures only: commands run unconfined on the host). */
export function createLocalDirSandboxFactory(options: LocalDirSandboxOptions = {}): LocalDirSandboxFactory {
  const stats = { created: 0, closed: 0, peakAlive: 0 };
  const alive = () => stats.created - stats.closed;
  return {
    stats,
    alive,
    async create(spec) {
      stats.created += 1;
      stats.peakAlive = Math.max(stats.peakAlive, alive());
      try {
        const root = await mkdtemp(join(tmpdir(), "entropo-local-sandbox-"));
        const workdir = hostPath(root, "/", spec.workdir ?? "/");
        await mkdir(workdir, { recursive: true });
        if (options.source !== undefined) await cp(options.source, workdir, { recursive: true });
        return localDirSandbox(`local-${stats.created}`, root, spec, () => (stats.closed += 1));
      } catch (error) {
        stats.closed += 1;
        throw error;
      }
    },
  };
}
