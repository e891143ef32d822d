// One command in a container: /bin/sh -c under `timeout -s KILL` in its own process group, stdout/stderr captured with a
// size cap, and on timeout the command's whole process tree (kill-tree.ts) gone before the result is returned.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type Docker from "dockerode";
import { execWrapperScript, KILL_DONE, KILL_NO_FILE, killTreeScript, MARKER_VARIABLE } from "./kill-tree.js";
import type { ExecOptions, ExecResult } from "./sandbox.js";
import type { Warden } from "./warden.js";

export const DEFAULT_MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** Seconds the host waits past the in-container timeout before it kills by marker and stops waiting. */
const HOST_GRACE_SECONDS = 1;

/** Collects bytes of one or two streams in arrival order, up to a shared cap. */
class CappedCollector {
  readonly interleaved: Buffer[] = [];
  readonly parts: { stdout: Buffer[]; stderr: Buffer[] } = { stdout: [], stderr: [] };
  private kept = 0;
  truncated = false;

  constructor(private readonly cap: number) {}

  sink(kind: "stdout" | "stderr"): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        const room = this.cap - this.kept;
        const piece = room >= chunk.length ? chunk : chunk.subarray(0, Math.max(0, room));
        if (piece.length < chunk.length) this.truncated = true;
        if (piece.length > 0) {
          this.kept += piece.length;
          this.interleaved.push(piece);
          this.parts[kind].push(piece);
        }
        callback();
      },
    });
  }
}

const decoder = () => new TextDecoder("utf-8", { fatal: false });

/** Runs a plain exec (no timeout wrapper) and returns its exit code and raw output; used for housekeeping. */
export async function execPlainOutput(container: Docker.Container, cmd: string[]): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", () => resolve());
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString("latin1") };
}

/** Runs a plain exec (no timeout wrapper) and returns its exit code; used for housekeeping. */
export async function execPlain(container: Docker.Container, cmd: string[]): Promise<number> {
  return (await execPlainOutput(container, cmd)).exitCode;
}

/** The exit code of a finished exec (the engine may report it a moment after the stream ended); -1 if unknown. */
export async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    try {
      const info = await exec.inspect();
      if (!info.Running) return info.ExitCode ?? -1;
    } catch {
      return -1;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return -1;
}

/** Attempts at starting the kill script before giving up (a full pids cgroup makes an exec fail to start). */
const KILL_ATTEMPTS = 4;

/**
 * Kills the process tree of the exec or spawn with `marker` (kill-tree.ts) and returns once it is gone. The
 * container's warden runs it first (no new process needed); without a live warden it runs as an exec, and when that
 * cannot start because the tree holds every pid of the container, the pids limit is raised for a moment to let it in.
 */
export async function killTree(
  container: Docker.Container,
  marker: string,
  options: { byStartTime: boolean; warden?: Warden | undefined },
): Promise<boolean> {
  const byWarden = await options.warden?.run(killTreeScript(marker, { byStartTime: options.byStartTime, forkFree: true }));
  if (byWarden !== undefined && byWarden.includes(KILL_DONE) && !byWarden.includes(KILL_NO_FILE)) return true;
  const cmd = ["/bin/sh", "-c", killTreeScript(marker, { byStartTime: options.byStartTime })];
  const attempt = async (): Promise<boolean | "gone"> => {
    try {
      return (await execPlainOutput(container, cmd)).output.includes(KILL_DONE);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      return status === 404 || status === 409 ? "gone" : false; // no such container, or it is not running
    }
  };
  for (let round = 0; round < KILL_ATTEMPTS; round += 1) {
    const plain = await attempt();
    if (plain !== false) return plain === true;
    const limit = await container.inspect().then((info) => info.HostConfig.PidsLimit ?? 0, () => 0);
    if (limit <= 0) continue;
    try {
      await container.update({ PidsLimit: limit + 16 });
      const raised = await attempt();
      if (raised !== false) return raised === true;
    } catch {
      // the engine refused the update: try again plainly
    } finally {
      await container.update({ PidsLimit: limit }).catch(() => undefined);
    }
  }
  return false;
}

/** Runs `command` with /bin/sh -c inside the container under the options' timeout and output cap. */
export async function execInContainer(
  docker: Docker,
  container: Docker.Container,
  command: string,
  options: ExecOptions & {
    defaultTimeoutSeconds: number;
    defaultWorkdir: string;
    baseEnv?: Record<string, string>;
    /** The container's warden, which kills a timed-out tree without starting a process. */
    warden?: Warden | undefined;
  },
): Promise<ExecResult> {
  const timeoutSeconds = options.timeoutSeconds ?? options.defaultTimeoutSeconds;
  const marker = randomBytes(8).toString("hex");
  const env = { ...(options.baseEnv ?? {}), ...(options.env ?? {}), [MARKER_VARIABLE]: marker };
  const started = Date.now();
  const exec = await container.exec({
    Cmd: ["/bin/sh", "-c", execWrapperScript(marker, timeoutSeconds), "sh", command],
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    WorkingDir: options.workdir ?? options.defaultWorkdir,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const collector = new CappedCollector(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  let killing: Promise<unknown> | undefined;
  await new Promise<void>((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve();
    };
    // Past the in-container timeout (escapees still hold the stream open): kill the tree, then stop waiting.
    const timer = setTimeout(() => {
      killing = killTree(container, marker, { byStartTime: true, warden: options.warden })
        .catch(() => false)
        .finally(() => {
          stream.destroy();
          finish();
        });
    }, (timeoutSeconds + HOST_GRACE_SECONDS) * 1000);
    docker.modem.demuxStream(stream, collector.sink("stdout"), collector.sink("stderr"));
    const ended = () => {
      if (killing === undefined) finish(); // once the kill started, its end finishes the wait
    };
    stream.on("end", ended);
    stream.on("close", ended);
    stream.on("error", ended);
  });
  const durationMs = Date.now() - started;
  const hostTimedOut = killing !== undefined;
  const exitCode = hostTimedOut ? 137 : await exitCodeOf(exec);
  const timedOut = hostTimedOut || (exitCode === 137 && durationMs >= timeoutSeconds * 1000 - 50);
  if (timedOut && !hostTimedOut) {
    await killTree(container, marker, { byStartTime: true, warden: options.warden }).catch(() => false);
  }
  return {
    exitCode,
    output: decoder().decode(Buffer.concat(collector.interleaved)),
    stdout: decoder().decode(Buffer.concat(collector.parts.stdout)),
    stderr: decoder().decode(Buffer.concat(collector.parts.stderr)),
    timedOut,
    truncated: collector.truncated,
    durationMs,
  };
}
