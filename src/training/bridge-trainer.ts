// One-device training in-process through pythonia: entropo_trainer.bridge runs in a Python child whose output goes
// to a log file; every call races the child's exit, so a dead Python fails the run at once instead of hanging.
import type { ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExternalError } from "../core/errors.js";
import { shellQuote } from "../util/shell-quote.js";
import { LogTail } from "./log-tail.js";
import { startPythonia } from "./pythonia-loader.js";
import { PythonTrainingError, trainerDiedError } from "./trainer-errors.js";
import { parseTrainerMessage, type LauncherMessage } from "./trainer-messages.js";

type BridgeSession = { start(): Promise<string>; poll(waitSeconds: number): Promise<string>; request_stop(): Promise<string> };
type BridgeModule = { open_session(argsJson: string): Promise<BridgeSession>; ping(payload: string): Promise<string> };

export type BridgeOptions = {
  python: string;
  args: Record<string, unknown>;
  logFile: string;
  /** Variables set for the Python process on top of entropo's environment. */
  env: Record<string, string>;
  signal?: AbortSignal | undefined;
  pollSeconds?: number;
};

let sessionActive = false;

/** A /bin/sh launcher that sets the env, sends stdout/stderr to the log file and execs the interpreter. */
async function writeLauncher(options: BridgeOptions): Promise<{ dir: string; launcher: string }> {
  const dir = await mkdtemp(join(tmpdir(), "entropo-bridge-"));
  const launcher = join(dir, "python");
  const exports = Object.entries(options.env).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
  const script = ["#!/bin/sh", ...exports, ': "${CUDA_VISIBLE_DEVICES=0}"; export CUDA_VISIBLE_DEVICES', `exec ${shellQuote(options.python)} "$@" >>${shellQuote(options.logFile)} 2>&1`, ""];
  await writeFile(launcher, script.join("\n"));
  await chmod(launcher, 0o755);
  return { dir, launcher };
}

/** Resolves when the process has exited, sending SIGKILL if it has not within `graceMs`. */
async function waitForExit(proc: ChildProcess, graceMs: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    proc.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Connects to a fresh bridge process and returns a call racer, the module proxy and a closer. */
async function connect(options: BridgeOptions) {
  const { dir, launcher } = await writeLauncher(options);
  const { pythonia, moduleProxy, proc } = await startPythonia(launcher, "entropo_trainer.bridge");
  const exited = new Promise<never>((_, reject) => {
    proc.once("exit", (code, signal) => reject(trainerDiedError("the Python bridge process", code, signal, options.logFile)));
  });
  exited.catch(() => undefined);
  const race = <T>(call: Promise<T>): Promise<T> => Promise.race([call, exited]);
  const close = async () => {
    pythonia.python.exit();
    await waitForExit(proc, 5_000);
    await rm(dir, { recursive: true, force: true });
  };
  return { race, module: race(moduleProxy as Promise<BridgeModule>), close, pid: proc.pid };
}

/** Trains through the bridge, yielding trainer messages and Python output; abort → checkpoint at the next step. */
export async function* runBridgeTrainer(options: BridgeOptions): AsyncGenerator<LauncherMessage> {
  if (sessionActive) throw new ExternalError("a bridge training session is already running in this process", { hint: "use --nproc to run another trainer as a subprocess" });
  sessionActive = true;
  const tail = new LogTail(options.logFile);
  const bridge = await connect(options);
  try {
    const module = await bridge.module;
    const session = await bridge.race(module.open_session(JSON.stringify(options.args)));
    await bridge.race(session.start());
    let stopSent = false;
    for (;;) {
      if (options.signal?.aborted && !stopSent) {
        await bridge.race(session.request_stop());
        stopSent = true;
      }
      const batch = JSON.parse(await bridge.race(session.poll(options.pollSeconds ?? 0.25))) as unknown[];
      for (const line of await tail.readNew()) yield { type: "output", line };
      for (const raw of batch) {
        const message = parseTrainerMessage(raw);
        if (message.type === "error") {
          for (const line of await tail.readNew(true)) yield { type: "output", line };
          throw new PythonTrainingError(message.errorType, message.message, message.traceback, options.logFile);
        }
        yield message;
        if (message.type === "finished") {
          for (const line of await tail.readNew(true)) yield { type: "output", line };
          return;
        }
      }
    }
  } finally {
    await bridge.close();
    sessionActive = false;
  }
}

/** Median round-trip time of `calls` bridge calls (ping) in milliseconds, measured on a fresh bridge process. */
export async function measureBridgeLatency(options: Pick<BridgeOptions, "python" | "logFile" | "env">, calls: number): Promise<number[]> {
  const bridge = await connect({ ...options, args: {} });
  try {
    const module = await bridge.module;
    const times: number[] = [];
    for (let index = 0; index < calls; index += 1) {
      const started = performance.now();
      await bridge.race(module.ping(String(index)));
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await bridge.close();
  }
}
