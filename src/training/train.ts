// `entropo train`: validates the config, then trains through the pythonia bridge (one device) or torchrun (several),
// yielding the same events either way; an abort checkpoints at the next step and `resume` continues from it.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { badOptionValue, CancelledError, ExternalError, InputError } from "../core/errors.js";
import type { PipelineEvent } from "../core/events.js";
import { log } from "../core/events.js";
import { projectPython } from "../util/paths.js";
import { tinyModelDir } from "./model-path.js";
import { pythonTrainerLauncher, type TrainerLauncher } from "./launcher.js";
import { trainingEnv } from "./python-env.js";
import { entropoSettings, entropoVersion, keepPreviousRecord, writeResolvedConfig, writeTrainRecord, type TrainRecord } from "./train-record.js";
import { EtaClock, outputEvent, stepEvents } from "./step-events.js";
import { completeCheckpoints } from "./checkpoints.js";
import { loadTrainConfig } from "./train-config.js";
import type { LauncherMessage } from "./trainer-messages.js";

export type TrainOptions = {
  config: string;
  set?: string[];
  nproc?: number;
  nnodes?: number;
  nodeRank?: number;
  masterAddr?: string;
  resume?: boolean;
  signal?: AbortSignal;
  /** Interpreter to use (default: projectPython()). */
  python?: string;
  /** Runs the trainer (default: entropo_trainer through the pythonia bridge or torchrun; tests replay a script). */
  launcher?: TrainerLauncher;
};

export type TrainResult = {
  outputDir: string;
  steps: number;
  interrupted: boolean;
  /** The last training loss logged (null when no step logged one). */
  loss: number | null;
  adapter: string | null;
  checkpoints: string[];
  launcher: "bridge" | "torchrun";
};

/** The environment variable every training process of a run carries (tests use it to find orphans). */
export const runMarkerEnv = "ENTROPO_TRAIN_RUN";

function checkCounts(options: TrainOptions): void {
  for (const [option, value, min] of [["--nproc", options.nproc, 1], ["--nnodes", options.nnodes, 1], ["--node-rank", options.nodeRank, 0]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw badOptionValue(option, `an integer >= ${min}`, value);
  }
  if ((options.nnodes ?? 1) > 1 && options.masterAddr === undefined) throw badOptionValue("--master-addr", "the address of node 0 when --nnodes > 1", options.masterAddr);
}

async function resumePoint(outputDir: string): Promise<string> {
  const checkpoints = await completeCheckpoints(outputDir);
  const last = Math.max(...checkpoints.keys());
  const path = checkpoints.get(last);
  if (path === undefined) throw new InputError(`--resume: no complete checkpoint-N directory in ${outputDir}`, { hint: "run without --resume to start from scratch" });
  return path;
}

/** Builds the tiny model in `dir` when the config names that directory and it is missing (yields what it does). */
export async function* buildTinyModelIfMissing(python: string, model: unknown, dir = tinyModelDir()): AsyncGenerator<PipelineEvent> {
  if (model !== dir || existsSync(dir)) return;
  yield log("info", `model_name_or_path ${dir} does not exist: building the tiny offline model there (python -m entropo_trainer make-tiny-model --if-missing)`, "train");
  const result = await execa(python, ["-m", "entropo_trainer", "make-tiny-model", "--if-missing", dir], { env: trainingEnv({ HF_HUB_OFFLINE: "1" }), reject: false });
  if (result.exitCode !== 0) throw new ExternalError(`building the tiny model in ${dir} failed: ${String(result.stderr).slice(-300)}`, { code: "TINY_MODEL" });
}

/** Trains a LLaMA-Factory (+EntroPO) config; yields train.* and log events, then a result event. */
export async function* train(options: TrainOptions): AsyncGenerator<PipelineEvent> {
  checkCounts(options);
  const config = loadTrainConfig(options.config, options.set ?? []);
  const python = options.python ?? projectPython();
  const trainer = options.launcher ?? pythonTrainerLauncher;
  const versions = await trainer.checkStack(python);
  for (const note of config.notes) yield log("info", note, "train");
  yield* buildTinyModelIfMissing(python, config.args.model_name_or_path);
  await mkdir(config.outputDir, { recursive: true });
  const resumedFrom = options.resume ? await resumePoint(config.outputDir) : null;
  const args = resumedFrom === null ? config.args : { ...config.args, resume_from_checkpoint: resumedFrom, overwrite_output_dir: false };
  const kept = await keepPreviousRecord(config.outputDir);
  if (kept !== null) yield log("info", kept, "train");
  const resolved = await writeResolvedConfig(config.outputDir, args);
  const launcher = (options.nproc ?? 1) > 1 || (options.nnodes ?? 1) > 1 ? "torchrun" : "bridge";
  const logFile = join(config.outputDir, "entropo-train.log");
  const runId = randomUUID();
  const record: TrainRecord = {
    runId, command: "train", configFile: config.file, resolvedConfig: resolved.file, launcher,
    nproc: options.nproc ?? 1, nnodes: options.nnodes ?? 1, nodeRank: options.nodeRank ?? 0,
    seed: typeof args.seed === "number" ? args.seed : 42, resumedFrom, entropo: entropoSettings(args),
    versions: { entropo: entropoVersion(), ...versions }, startedAt: new Date().toISOString(),
    endedAt: null, status: "running", steps: null, loss: null, error: null,
  };
  await writeTrainRecord(config.outputDir, record);
  await appendFile(logFile, `==== entropo train ${runId} ${record.startedAt} (${launcher}) ====\n`);
  const env = { [runMarkerEnv]: runId };
  const messages: AsyncIterable<LauncherMessage> = trainer.launch({
    kind: launcher, python, args, configFile: resolved.file, outputDir: config.outputDir, resuming: resumedFrom !== null,
    nproc: options.nproc ?? 1, nnodes: options.nnodes, nodeRank: options.nodeRank, masterAddr: options.masterAddr,
    logFile, stopFile: join(config.outputDir, ".entropo-stop"), env, signal: options.signal,
    redactedOverrides: resolved.redactedKeys.map((key) => `${key}=${String(args[key])}`),
  });
  const totalSteps = typeof args.max_steps === "number" && args.max_steps > 0 ? args.max_steps : undefined;
  yield { type: "train.start", outputDir: config.outputDir, stage: config.stage, launcher, ...(totalSteps === undefined ? {} : { totalSteps }) };
  if (resumedFrom !== null) yield log("info", `resuming from ${resumedFrom}`, "train");
  const eta = new EtaClock();
  const checkpoints: string[] = [];
  let finished: { steps: number; interrupted: boolean } | undefined;
  let lastLoss: number | null = null;
  try {
    for await (const message of messages) {
      if (message.type === "output") {
        const event = outputEvent(message.line);
        if (event !== undefined) yield event;
      } else if (message.type === "begin") {
        yield log("info", `training steps ${message.step + 1}..${message.totalSteps}`, "train");
      } else if (message.type === "metrics") {
        if (message.metrics.loss === undefined) continue;
        for (const event of stepEvents(message.step, message.totalSteps, message.metrics, eta.update(message.step, message.totalSteps))) {
          if (event.type === "train.step" && event.loss !== undefined) lastLoss = event.loss;
          yield event;
        }
      } else if (message.type === "checkpoint") {
        checkpoints.push(message.path);
        yield { type: "train.checkpoint", path: message.path, step: message.step };
      } else if (message.type === "finished") {
        finished = { steps: message.steps, interrupted: message.interrupted };
        yield { type: "train.finished", outputDir: config.outputDir, steps: message.steps, interrupted: message.interrupted };
      }
    }
  } catch (error) {
    await writeTrainRecord(config.outputDir, { ...record, endedAt: new Date().toISOString(), status: "failed", loss: lastLoss, error: (error as Error).message });
    throw error;
  }
  const steps = finished?.steps ?? 0;
  const interrupted = finished?.interrupted ?? false;
  await writeTrainRecord(config.outputDir, { ...record, endedAt: new Date().toISOString(), status: interrupted ? "interrupted" : "finished", steps, loss: lastLoss });
  const adapterFile = join(config.outputDir, "adapter_model.safetensors");
  const result: TrainResult = { outputDir: config.outputDir, steps, interrupted, loss: lastLoss, adapter: existsSync(adapterFile) ? adapterFile : null, checkpoints, launcher };
  yield { type: "result", command: "train", data: result };
  if (interrupted) throw new CancelledError(`training interrupted at step ${steps}; checkpoint saved in ${config.outputDir}; continue with --resume`);
}
