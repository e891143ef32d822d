// Shared by the training tests: the real Python stack (or a printed skip reason), a tiny model, event collection,
// and a /proc scan for processes of a run (orphan checks).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import type { PipelineEvent } from "../../core/events.js";
import { projectPython, projectRoot } from "../../util/paths.js";
import { trainingEnv } from "../python-env.js";
import { runMarkerEnv } from "../train.js";
import { trainRecordFile, trainRecordSchema } from "../train-record.js";

/** The project's Python when it is set up, else undefined (with the reason printed once). */
export function trainingPythonOrSkip(): string | undefined {
  const python = projectPython();
  if (existsSync(python)) return python;
  console.warn(`[skip] training tests: ${python} is missing (run scripts/setup.sh)`);
  return undefined;
}

/** Builds entropo_trainer's tiny Qwen3 model in `dir` and returns its path. */
export async function makeTinyModel(python: string, dir: string): Promise<string> {
  const model = join(dir, "tiny-qwen3");
  await execa(python, ["-m", "entropo_trainer", "make-tiny-model", model], { env: trainingEnv({ HF_HUB_OFFLINE: "1" }) });
  return model;
}

/** The tiny config shipped with the trainer. */
export function tinyConfig(name: "sft" | "entropo_kto" | "entropo_dpo"): string {
  return join(projectRoot(), "llamafactory-configs", "tiny", `${name}.yaml`);
}

/** Consumes a stream; returns its events and the error it ended with (if any). */
export async function collect(stream: AsyncIterable<PipelineEvent>, onEvent?: (event: PipelineEvent) => void): Promise<{ events: PipelineEvent[]; error: unknown }> {
  const events: PipelineEvent[] = [];
  try {
    for await (const event of stream) {
      events.push(event);
      onEvent?.(event);
    }
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

/** Steps of the train.step events. */
export function steps(events: PipelineEvent[]): Extract<PipelineEvent, { type: "train.step" }>[] {
  return events.filter((event): event is Extract<PipelineEvent, { type: "train.step" }> => event.type === "train.step");
}

/** Pids of live processes whose environment carries the run's marker (entropo's own process excluded). */
export function processesOfRun(runId: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      if (environ.includes(`${runMarkerEnv}=${runId}`) && !/State:\s+Z/.test(status)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** The run id recorded in the training record (`<outputDir>/entropo-train.json`, read through its schema). */
export function runIdOf(outputDir: string): string {
  return trainRecordSchema.parse(JSON.parse(readFileSync(join(outputDir, trainRecordFile), "utf8"))).runId;
}
