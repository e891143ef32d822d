// The Trainer boundary: a launcher checks the training stack and runs one training, yielding the trainer's messages.
// The real one runs entropo_trainer through the pythonia bridge (one device) or torchrun (several); tests replay
// recorded messages through training/testing/scripted-launcher.ts.
import { runBridgeTrainer } from "./bridge-trainer.js";
import { checkTrainingPython, type StackVersions } from "./python-env.js";
import { runTorchrunTrainer } from "./torchrun-trainer.js";
import type { LauncherMessage } from "./trainer-messages.js";

/** One training as train() asks for it (paths absolute, the resolved config already written). */
export type LaunchRequest = {
  /** The in-process bridge (one device) or a torchrun subprocess (several devices or nodes). */
  kind: "bridge" | "torchrun";
  python: string;
  /** The resolved LLaMA-Factory arguments. */
  args: Record<string, unknown>;
  /** The resolved config file (entropo-config.yaml, secrets redacted). */
  configFile: string;
  outputDir: string;
  resuming: boolean;
  nproc: number;
  nnodes?: number | undefined;
  nodeRank?: number | undefined;
  masterAddr?: string | undefined;
  /** Where the trainer's own output goes (entropo-train.log). */
  logFile: string;
  /** The file whose existence asks torchrun's ranks to checkpoint and stop. */
  stopFile: string;
  /** Variables set for the trainer processes (the run marker). */
  env: Record<string, string>;
  /** key=value overrides for values redacted from the config file. */
  redactedOverrides: string[];
  /** Abort → checkpoint at the next step, then a `finished` message with `interrupted: true`. */
  signal?: AbortSignal | undefined;
};

export interface TrainerLauncher {
  /** Checks the interpreter has the training stack; resolves with its versions (recorded in entropo-train.json). */
  checkStack(python: string): Promise<StackVersions>;
  /**
   * Runs the training: begin, metrics, checkpoint and finished messages plus output lines; a Python exception rejects
   * with PythonTrainingError, a trainer process that dies with TrainerDiedError (trainer-errors.ts).
   */
  launch(request: LaunchRequest): AsyncIterable<LauncherMessage>;
}

/** The real launcher: entropo_trainer through the pythonia bridge or torchrun. */
export const pythonTrainerLauncher: TrainerLauncher = {
  checkStack: checkTrainingPython,
  launch(request) {
    if (request.kind === "bridge") return runBridgeTrainer({ python: request.python, args: request.args, logFile: request.logFile, env: request.env, signal: request.signal });
    return runTorchrunTrainer({
      python: request.python, configFile: request.configFile, outputDir: request.outputDir, resuming: request.resuming,
      nproc: request.nproc, nnodes: request.nnodes, nodeRank: request.nodeRank, masterAddr: request.masterAddr,
      logFile: request.logFile, stopFile: request.stopFile, env: request.env, signal: request.signal, redactedOverrides: request.redactedOverrides,
    });
  },
};
