// Host side of the persistent tool server (r2e-serve.py): one long-lived helper process per sandbox answers
// file_editor/search calls over its attached stdin/stdout, each exactly as a fresh helper process would. A call that
// outlives its timeout kills the server's whole process tree (R2E's timeout text); a killed or crashed server is started
// again on the next call; a request the server never accepted is sent once more to a fresh one.
import { randomBytes } from "node:crypto";
import type { ExecResult, Sandbox, SandboxProcess } from "../../sandbox/sandbox.js";
import { DEFAULT_MAX_OUTPUT_BYTES } from "../../sandbox/docker-exec.js";
import { groupFileOf, MARKER_VARIABLE } from "../../sandbox/kill-tree.js";
import { decodeExecReply } from "./exec-reply.js";
import { FrameReader, type Frame } from "./tool-server-frames.js";

/** Seconds a server may take to start and say hello before the call runs as a separate process instead. */
const START_TIMEOUT_SECONDS = 60;
/** Seconds past a command's timeout before the host kills its tree itself (as the exec path does). */
const HOST_GRACE_SECONDS = 1;
/** Seconds the host still waits for the server's reply once it killed a command's tree. */
const AFTER_KILL_SECONDS = 10;

/** What a server call produced: an exec-like result, or `fallback` when the call must run as a separate process. */
export type ServerCallResult = ExecResult | "fallback";

type Started = { process: SandboxProcess; frames: FrameReader };

/** Wellformed UTF-16 (lone surrogates become U+FFFD, as the Engine API does to an exec's arguments). */
const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/** A length-prefixed JSON request. */
function encode(request: object): Buffer {
  const body = Buffer.from(JSON.stringify(request), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

function encodeRequest(argv: string[], cwd: string | undefined): Buffer {
  return encode({ argv: argv.map(wellFormed), cwd: cwd ?? null });
}

export type ServerExecOptions = { timeoutSeconds: number; env: Record<string, string> };

/** One sandbox's tool server: started on first use, restarted after it died, calls run one at a time. */
class ToolServer {
  private current: Started | undefined;
  private warming = false;
  private queue: Promise<unknown> = Promise.resolve();
  private startFailures = 0;
  /** Server processes started so far (1 unless one was killed or died). */
  starts = 0;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly command: () => Promise<string>,
    private readonly env: Record<string, string>,
  ) {}

  /** True when this sandbox can keep a server (it supports spawn and starting has not failed twice). */
  get usable(): boolean {
    return this.sandbox.spawn !== undefined && this.startFailures < 2;
  }

  /** True when a server is running now (a call would not wait for one to start). */
  get ready(): boolean {
    return this.current !== undefined && !this.current.frames.closed;
  }

  /** Starts the server in the background (queued like a call) unless one runs or is starting. */
  warmUp(): void {
    if (this.warming || this.ready || !this.usable) return;
    this.warming = true;
    const started = this.queue.then(() => this.ensure()).finally(() => (this.warming = false));
    this.queue = started.catch(() => undefined);
  }

  /** Runs `argv` (tool name first) in `cwd` (default: the sandbox's workdir) with a timeout; calls are serialized. */
  call(argv: string[], cwd: string | undefined, timeoutSeconds: number): Promise<ServerCallResult> {
    const run = this.queue.then(() => this.callNow(argv, cwd, timeoutSeconds));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `command` with /bin/sh -c as a separate process started by the server, under the same `timeout`, process
   * layout and tree kill as `Sandbox.exec` (so its result is the one an exec gives); `fallback` when it must run as an exec.
   */
  exec(command: string, options: ServerExecOptions): Promise<ExecResult | "fallback"> {
    const run = this.queue.then(() => this.execNow(command, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Kills the server's process tree (the next call starts a new one). */
  async stop(): Promise<void> {
    const started = this.current;
    this.current = undefined;
    await started?.process.kill();
  }

  private async callNow(argv: string[], cwd: string | undefined, timeoutSeconds: number): Promise<ServerCallResult> {
    const started = Date.now();
    const deadline = started + timeoutSeconds * 1000;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const server = await this.ensure();
      if (server === undefined) return "fallback";
      server.process.write(encodeRequest(argv, cwd));
      const accepted = await server.frames.next(deadline);
      if (accepted === "closed") {
        await this.stop(); // died before it read the request: nothing ran, send it to a fresh server
        continue;
      }
      if (accepted === "timeout") return this.timedOut(started);
      if (accepted.kind === "F") return "fallback";
      const reply = await server.frames.next(deadline);
      if (reply === "timeout") return this.timedOut(started);
      if (reply === "closed") {
        await this.stop(); // killed while the tool ran: report it as the process's own death
        return execResult(await server.process.exited, Buffer.alloc(0), started);
      }
      return execResult(reply.payload.readInt32BE(0), reply.payload.subarray(4), started);
    }
    return "fallback";
  }

  private async execNow(command: string, options: ServerExecOptions): Promise<ExecResult | "fallback"> {
    const killTree = this.sandbox.killTree?.bind(this.sandbox);
    if (killTree === undefined) return "fallback";
    const marker = randomBytes(8).toString("hex");
    // What the exec wrapper runs, started by the server in a new session (kill-tree.ts reads its group file).
    const argv = ["timeout", "-s", "KILL", String(options.timeoutSeconds), "/bin/sh", "-c", wellFormed(command)];
    const env = { ...options.env, [MARKER_VARIABLE]: marker };
    const request = encode({ exec: { argv, env, max: DEFAULT_MAX_OUTPUT_BYTES, group_file: groupFileOf(marker) }, cwd: null });
    const started = Date.now();
    const deadline = started + (options.timeoutSeconds + HOST_GRACE_SECONDS) * 1000;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const server = await this.ensure();
      if (server === undefined) return "fallback";
      server.process.write(request);
      const accepted = await server.frames.next(deadline);
      if (accepted === "closed") {
        await this.stop(); // died before it read the request: nothing ran, send it to a fresh server
        continue;
      }
      if (accepted === "timeout" || accepted.kind !== "A") {
        if (accepted === "timeout") await this.stop();
        return "fallback";
      }
      let reply = await server.frames.next(deadline);
      let hostKilled = false;
      if (reply === "timeout") {
        // Escapees hold the streams past the timeout: kill the tree (as the exec path does), then take the reply.
        hostKilled = true;
        await killTree(marker);
        reply = await server.frames.next(Date.now() + AFTER_KILL_SECONDS * 1000);
      }
      if (reply === "closed" || reply === "timeout") {
        // The server died while the command ran (killed from inside the sandbox) or does not answer.
        const exitCode = reply === "closed" ? await server.process.exited : 137;
        await this.stop();
        if (hostKilled) return { ...emptyResult(137, started), timedOut: true };
        return emptyResult(exitCode, started);
      }
      if (reply.kind !== "X") return "fallback";
      const result = decodeExecReply(reply.payload, Date.now() - started);
      const timedOut = hostKilled || (result.exitCode === 137 && result.durationMs >= options.timeoutSeconds * 1000 - 50);
      if (timedOut && !hostKilled) await killTree(marker);
      return hostKilled ? { ...result, exitCode: 137, timedOut } : { ...result, timedOut };
    }
    return "fallback";
  }

  private async timedOut(started: number): Promise<ExecResult> {
    await this.stop();
    return { exitCode: 137, output: "", stdout: "", stderr: "", timedOut: true, truncated: false, durationMs: Date.now() - started };
  }

  /** The live server, started when there is none; undefined when this sandbox cannot keep one. */
  private async ensure(): Promise<Started | undefined> {
    if (this.current !== undefined && !this.current.frames.closed) return this.current;
    await this.stop(); // a server whose stream ended: make sure none of its processes is left
    if (!this.usable || this.sandbox.spawn === undefined) return undefined;
    const frames = new FrameReader();
    let process: SandboxProcess | undefined;
    try {
      process = await this.sandbox.spawn(await this.command(), {
        env: this.env,
        onStdout: (chunk) => frames.push(chunk),
      });
      void process.exited.then(() => frames.close());
      const hello: Frame | "closed" | "timeout" = await frames.next(Date.now() + START_TIMEOUT_SECONDS * 1000);
      if (hello === "closed" || hello === "timeout" || hello.kind !== "H") throw new Error("the tool server did not start");
    } catch {
      this.startFailures += 1;
      await process?.kill();
      return undefined;
    }
    this.starts += 1;
    this.current = { process, frames };
    return this.current;
  }
}

/** A result with no output (the process that read the command's output is gone). */
function emptyResult(exitCode: number, started: number): ExecResult {
  return { exitCode, output: "", stdout: "", stderr: "", timedOut: false, truncated: false, durationMs: Date.now() - started };
}

/** An ExecResult for `output` bytes, capped like a sandbox exec's output. */
function execResult(exitCode: number, bytes: Buffer, started: number): ExecResult {
  const kept = bytes.subarray(0, DEFAULT_MAX_OUTPUT_BYTES);
  const output = new TextDecoder("utf-8", { fatal: false }).decode(kept);
  return { exitCode, output, timedOut: false, truncated: kept.length < bytes.length, durationMs: Date.now() - started };
}

const servers = new WeakMap<Sandbox, ToolServer>();

/** The tool server of `sandbox` if one was created (for tests and diagnostics). */
export function existingToolServer(sandbox: Sandbox): ToolServer | undefined {
  return servers.get(sandbox);
}

/** The tool server of `sandbox` (created on first use; `command` gives the shell line that starts it). */
export function toolServerOf(sandbox: Sandbox, command: () => Promise<string>, env: Record<string, string>): ToolServer {
  let server = servers.get(sandbox);
  if (server === undefined) {
    server = new ToolServer(sandbox, command, env);
    servers.set(sandbox, server);
  }
  return server;
}
