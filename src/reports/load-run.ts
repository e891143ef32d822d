// Loads one run directory for the report: run.json, trajectories.jsonl, the optional selection.json and best-of-k.json
// (all through the run-dir contract) and the trainer log.
import { access } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { readBestOfKFile, type BestOfKFile } from "../run-dir/best-of-k.js";
import { runFiles } from "../run-dir/layout.js";
import { readRunJson, type RunJson } from "../run-dir/run-json.js";
import { readSelectionFile, type SelectionFile } from "../run-dir/selection.js";
import { readRunRecords } from "../run-dir/trajectories.js";
import { isResolved } from "../trajectories/record.js";
import { actionName } from "./action-sequence.js";
import { findTrainerLog, readTrainerLog, type TrainerLog } from "./trainer-log.js";

export type StrategyCurve = { strategy: string; points: { k: number; rate: number }[] };
/** Ablation entries: a selector variant's rate at K = N, and the full selector it was derived from. */
export type AblationEntry = { name: string; rate: number; base?: string; baseRate?: number };
/** best-of-k.json as the report plots it: curves with their points in K order, the ablation (empty when absent). */
export type BestOfKData = { curves: StrategyCurve[]; ablation: AblationEntry[] };

/** The parts of one rollout that the report uses. */
export type RolloutSummary = { instanceId: string; rolloutIndex: number; resolved: boolean; patch: string; actions: string[] };

export type LoadedRun = {
  dir: string;
  metadata: RunJson;
  /** Sampling temperature: run.json's, else the one all records agree on, else null. */
  temperature: number | null;
  rollouts: RolloutSummary[];
  selection?: SelectionFile;
  bestOfK?: BestOfKData;
  trainerLog?: TrainerLog;
};

async function readRollouts(runDir: string, metadata: RunJson): Promise<{ rollouts: RolloutSummary[]; temperatures: Set<number> }> {
  const file = join(runDir, runFiles.trajectories);
  try {
    await access(file);
  } catch {
    throw new InputError(`run directory ${runDir} has no trajectories.jsonl`, { file, field: "trajectories.jsonl" });
  }
  const rollouts: RolloutSummary[] = [];
  const temperatures = new Set<number>();
  for await (const { line, record } of readRunRecords(file)) {
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

function checkRolloutCount(runDir: string, metadata: RunJson, rollouts: RolloutSummary[]): void {
  if (metadata.n === undefined) return;
  const perInstance = new Map<string, number>();
  for (const rollout of rollouts) perInstance.set(rollout.instanceId, (perInstance.get(rollout.instanceId) ?? 0) + 1);
  for (const [instanceId, count] of perInstance) {
    if (count > metadata.n) {
      throw new InputError(`instance ${instanceId} has ${count} rollouts, more than run.json n = ${metadata.n}`, {
        file: join(runDir, runFiles.runJson),
        field: "n",
      });
    }
  }
}

/** Loads and checks a run directory; every inconsistency is an InputError naming the directory's file and field. */
export async function loadRun(runDir: string): Promise<LoadedRun> {
  const metadata = await readRunJson(runDir);
  const { rollouts, temperatures } = await readRollouts(runDir, metadata);
  checkRolloutCount(runDir, metadata, rollouts);
  const instances = new Set(rollouts.map((rollout) => rollout.instanceId)).size;
  if (metadata.total_instances !== undefined && instances > metadata.total_instances) {
    throw new InputError(`trajectories cover ${instances} instances, more than total_instances = ${metadata.total_instances}`, {
      file: join(runDir, runFiles.runJson),
      field: "total_instances",
    });
  }
  const recordTemperature = temperatures.size === 1 ? [...temperatures][0] : undefined;
  const run: LoadedRun = { dir: runDir, metadata, temperature: metadata.temperature ?? recordTemperature ?? null, rollouts };
  const selection = await readSelectionFile(runDir);
  if (selection !== undefined) run.selection = selection;
  const bestOfK = await readBestOfKFile(runDir);
  if (bestOfK !== undefined) run.bestOfK = plottedBestOfK(bestOfK);
  const logPath = await findTrainerLog(runDir, metadata);
  if (logPath !== undefined) run.trainerLog = await readTrainerLog(logPath);
  return run;
}

/** best-of-k.json's curves with their points in K order and its ablation entries (none when absent). */
function plottedBestOfK(file: BestOfKFile): BestOfKData {
  const curves = file.curves.map(({ strategy, points }) => ({ strategy, points: points.map(({ k, rate }) => ({ k, rate })).sort((a, b) => a.k - b.k) }));
  const ablation = (file.ablation ?? []).map(({ name, rate, base, baseRate }): AblationEntry => ({
    name,
    rate,
    ...(base === undefined ? {} : { base }),
    ...(baseRate === undefined ? {} : { baseRate }),
  }));
  return { curves, ablation };
}
