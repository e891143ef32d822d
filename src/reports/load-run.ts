// Loads one run directory: run.json, trajectories.jsonl, optional selection/best-of-K files and the trainer log.
import { access } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { isResolved, rolloutKey } from "../trajectories/record.js";
import { readRunRecords } from "../trajectories/run-records.js";
import { actionName } from "./action-sequence.js";
import { readRunMetadata, type RunMetadata } from "./run-metadata.js";
import { readBestOfKFile, readSelectionFile, type BestOfKData, type SelectionFile } from "./selection-files.js";
import { findTrainerLog, readTrainerLog, type TrainerLog } from "./trainer-log.js";

/** The parts of one rollout that the report uses. */
export type RolloutSummary = { instanceId: string; rolloutIndex: number; resolved: boolean; patch: string; actions: string[] };

export type LoadedRun = {
  dir: string;
  metadata: RunMetadata;
  /** Sampling temperature: run.json's, else the one all records agree on, else null. */
  temperature: number | null;
  rollouts: RolloutSummary[];
  selection?: SelectionFile;
  bestOfK?: BestOfKData;
  trainerLog?: TrainerLog;
};

async function readRollouts(runDir: string, metadata: RunMetadata): Promise<{ rollouts: RolloutSummary[]; temperatures: Set<number> }> {
  const file = join(runDir, "trajectories.jsonl");
  try {
    await access(file);
  } catch {
    throw new InputError(`run directory ${runDir} has no trajectories.jsonl`, { file, field: "trajectories.jsonl" });
  }
  const rollouts: RolloutSummary[] = [];
  const seen = new Set<string>();
  const temperatures = new Set<number>();
  for await (const { line, record } of readRunRecords(file)) {
    const key = rolloutKey(record);
    if (seen.has(key)) throw new InputError(`duplicate rollout ${key}`, { file, line, field: "rollout_index" });
    seen.add(key);
    const temperature = record.sampling.temperature;
    if (temperature !== null) {
      if (metadata.temperature !== undefined && temperature !== metadata.temperature) {
        throw new InputError(`sampling temperature ${temperature} disagrees with run.json temperature ${metadata.temperature}`, {
          file,
          line,
          field: "sampling.temperature",
        });
      }
      temperatures.add(temperature);
    }
    rollouts.push({
      instanceId: record.instance_id,
      rolloutIndex: record.rollout_index,
      resolved: isResolved(record),
      patch: record.output_patch,
      actions: record.trajectory_steps.map((step) => actionName(step.action)),
    });
  }
  if (rollouts.length === 0) throw new InputError(`run directory ${runDir} has no trajectories`, { file, field: "trajectories.jsonl" });
  return { rollouts, temperatures };
}

function checkRolloutCount(runDir: string, metadata: RunMetadata, rollouts: RolloutSummary[]): void {
  if (metadata.n === undefined) return;
  const perInstance = new Map<string, number>();
  for (const rollout of rollouts) perInstance.set(rollout.instanceId, (perInstance.get(rollout.instanceId) ?? 0) + 1);
  for (const [instanceId, count] of perInstance) {
    if (count > metadata.n) {
      throw new InputError(`instance ${instanceId} has ${count} rollouts, more than run.json n = ${metadata.n}`, {
        file: join(runDir, "run.json"),
        field: "n",
      });
    }
  }
}

/** Loads and checks a run directory; every inconsistency is an InputError naming the directory's file and field. */
export async function loadRun(runDir: string): Promise<LoadedRun> {
  const metadata = await readRunMetadata(runDir);
  const { rollouts, temperatures } = await readRollouts(runDir, metadata);
  checkRolloutCount(runDir, metadata, rollouts);
  const instances = new Set(rollouts.map((rollout) => rollout.instanceId)).size;
  if (metadata.total_instances !== undefined && instances > metadata.total_instances) {
    throw new InputError(`trajectories cover ${instances} instances, more than total_instances = ${metadata.total_instances}`, {
      file: join(runDir, "run.json"),
      field: "total_instances",
    });
  }
  const recordTemperature = temperatures.size === 1 ? [...temperatures][0] : undefined;
  const run: LoadedRun = { dir: runDir, metadata, temperature: metadata.temperature ?? recordTemperature ?? null, rollouts };
  const selection = await readSelectionFile(runDir);
  if (selection !== undefined) run.selection = selection;
  const bestOfK = await readBestOfKFile(runDir);
  if (bestOfK !== undefined) run.bestOfK = bestOfK;
  const logPath = await findTrainerLog(runDir, metadata);
  if (logPath !== undefined) run.trainerLog = await readTrainerLog(logPath);
  return run;
}
