// Several devices or nodes: torchrun runs `-m entropo_trainer.bridge train CONFIG` (entropo_trainer's `train` plus a
// stop-file callback) as a subprocess; progress comes from trainer_log.jsonl and checkpoint-N directories as they appear.
import { rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { freePort } from "../util/free-port.js";
import { completeCheckpoints } from "./checkpoints.js";
import { LogTail } from "./log-tail.js";
import { trainingEnv } from "./python-env.js";
import { trainerDiedError } from "./trainer-errors.js";
import type { LauncherMessage, TrainerMessage } from "./trainer-messages.js";

export type TorchrunOptions = {
  python: string;
  configFile: string;
  outputDir: string;
  resuming: boolean;
  nproc: number;
  nnodes?: number | undefined;
  nodeRank?: number | undefined;
  masterAddr?: string | undefined;
  masterPort?: number | undefined;
  logFile: string;
  stopFile: string;
  env: Record<string, string>;
  /** key=value overrides for values redacted from the config file (secrets stay off disk). */
  redactedOverrides: string[];
  signal?: AbortSignal | undefined;
  pollMs?: number;
};

/** The torchrun argument list for these options. */
export function torchrunArgs(options: TorchrunOptions, port: number): string[] {
  const nodes = options.nnodes ?? 1;
  const rendezvous =
    nodes > 1
      ? ["--nnodes", String(nodes), "--node_rank", String(options.nodeRank ?? 0), "--master_addr", options.masterAddr ?? "127.0.0.1"]
      : ["--nnodes", "1", "--master_addr", "127.0.0.1"];
  return ["-m", "torch.distributed.run", "--nproc_per_node", String(options.nproc), ...rendezvous, "--master_port", String(port), "-m", "entropo_trainer.bridge", "train", options.configFile, ...options.redactedOverrides];
}

/** Turns one trainer_log.jsonl line into messages (a begin before the first step). */
function fromLogLine(line: string, begun: boolean): TrainerMessage[] {
  const record = JSON.parse(line) as Record<string, unknown>;
  const step = Number(record.current_steps);
  const totalSteps = Number(record.total_steps);
  if (!Number.isInteger(step) || !Number.isInteger(totalSteps)) return [];
  const messages: TrainerMessage[] = begun ? [] : [{ type: "begin", step: Math.max(0, step - 1), totalSteps }];
  if (record.loss === undefined) return messages;
  const metrics: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(record)) if (typeof value === "number") metrics[key] = value;
  if (record.loss === null || typeof record.loss === "string") metrics.loss = String(record.loss);
  return [...messages, { type: "metrics", step, totalSteps, metrics }];
}

/** Runs torchrun, yielding trainer messages and output lines; abort → all ranks checkpoint at the next step. */
export async function* runTorchrunTrainer(options: TorchrunOptions): AsyncGenerator<LauncherMessage> {
  const trainerLog = join(options.outputDir, "trainer_log.jsonl");
  await rm(options.stopFile, { force: true });
  if (!options.resuming) await rm(trainerLog, { force: true });
  const progress = new LogTail(trainerLog, options.resuming ? await stat(trainerLog).then((info) => info.size, () => 0) : 0);
  const known = new Set((await completeCheckpoints(options.outputDir)).keys());
  const port = options.masterPort ?? ((options.nnodes ?? 1) > 1 ? 29500 : await freePort());
  const child = execa(options.python, torchrunArgs(options, port), {
    env: trainingEnv({ ...options.env, ENTROPO_STOP_FILE: options.stopFile }),
    extendEnv: false,
    stdin: "ignore",
    stdout: { file: options.logFile, append: true },
    stderr: { file: options.logFile, append: true },
    reject: false,
    forceKillAfterDelay: 10_000,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const output = new LogTail(options.logFile);
  let begun = false;
  let lastStep = 0;
  let totalSteps = Number.POSITIVE_INFINITY;
  let stopWritten = false;
  try {
    for (;;) {
      if (options.signal?.aborted && !stopWritten) {
        await writeFile(options.stopFile, "stop requested by entropo\n");
        stopWritten = true;
      }
      const done = child.exitCode !== null || child.signalCode !== null;
      for (const line of await output.readNew(done)) yield { type: "output", line };
      // A checkpoint of step k is complete before step k+1 is logged, so checkpoints below a step go out before it.
      const checkpointsBelow = async function* (limit: number): AsyncGenerator<LauncherMessage> {
        for (const [step, path] of [...(await completeCheckpoints(options.outputDir))].sort((a, b) => a[0] - b[0])) {
          if (known.has(step) || step >= limit) continue;
          known.add(step);
          yield { type: "checkpoint", step, path };
        }
      };
      for (const line of await progress.readNew(done)) {
        for (const message of fromLogLine(line, begun)) {
          begun = true;
          if (message.type === "metrics") {
            yield* checkpointsBelow(message.step);
            lastStep = message.step;
          }
          if ("totalSteps" in message) totalSteps = message.totalSteps;
          yield message;
        }
      }
      yield* checkpointsBelow(Number.POSITIVE_INFINITY);
      if (done) break;
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250))]);
    }
    const result = await child;
    if (result.exitCode !== 0) throw trainerDiedError("torchrun", result.exitCode ?? null, result.signal ?? null, options.logFile);
    const steps = Math.max(lastStep, ...known);
    yield { type: "finished", steps, interrupted: stopWritten && steps < totalSteps };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}
