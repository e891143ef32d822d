// What each finished stage of a pipeline produced, read back from its outputs (run directories, the training record,
// selection.json, datasets, reports) and the pipeline state: typed data the dashboard renders for stages it did not run.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isResolved } from "../trajectories/record.js";
import { readRunJsonIfPresent } from "../run-dir/run-json.js";
import { readSelectionFile } from "../run-dir/selection.js";
import { readRunRecords } from "../run-dir/trajectories.js";
import { runFiles } from "../run-dir/layout.js";
import { readTrainRecord } from "../training/train-record.js";
import { interpolate, pipelineVariables, resolvePipelinePath, type PipelineConfig, type StageConfig } from "./pipeline-config.js";
import { readState } from "./pipeline-state.js";

/** The result of one stage kind, as its outputs show it. */
export type StageResult =
  | { kind: "rollout"; runDir: string; recorded: number; resolved: number; expected: number | null; model: string | null }
  | { kind: "train"; outputDir: string; status: "running" | "finished" | "interrupted" | "failed"; steps: number | null; loss: number | null }
  | { kind: "data"; file: string; rows: number }
  /** Candidates (records) of the stage's runs, those holding a score, by signal, and the instances they cover. */
  | { kind: "verify"; files: string[]; candidates: number; scored: number; verifier: number; regression: number; instances: number }
  | { kind: "select"; predictions: string; strategy: string; instances: number | null; resolved: number | null }
  | { kind: "report"; report: string };

/** A stage's last finished run: when, how long, its declared outputs, its result (null when none could be read). */
export type StageOutcome = {
  /** When the stage last finished (ms since the epoch, from pipeline-state.json). */
  finishedAt: number;
  seconds: number;
  outputs: { path: string; exists: boolean }[];
  result: StageResult | null;
  /** Why the result could not be read (a damaged or removed output), else null. */
  problem: string | null;
};

/** The run directory of a rollout stage: the directory of its trajectories.jsonl output. */
async function rolloutResult(outputs: string[]): Promise<StageResult | null> {
  const trajectories = outputs.find((path) => basename(path) === runFiles.trajectories && existsSync(path));
  if (trajectories === undefined) return null;
  const runDir = dirname(trajectories);
  const run = await readRunJsonIfPresent(runDir);
  let recorded = 0;
  let resolved = 0;
  for await (const { record } of readRunRecords(trajectories)) {
    recorded += 1;
    if (isResolved(record)) resolved += 1;
  }
  const expected = run?.n !== undefined && run.total_instances !== undefined ? run.n * run.total_instances : null;
  return { kind: "rollout", runDir, recorded, resolved, expected, model: run?.model ?? null };
}

/** The trajectories.jsonl files a verify stage rewrote: outputs naming one, or run directories holding one. */
function trajectoriesOf(outputs: string[]): string[] {
  return outputs.flatMap((path) => (basename(path) === runFiles.trajectories ? [path] : [join(path, runFiles.trajectories)])).filter((path) => existsSync(path));
}

/** Scores found on the records of a verify stage's runs: verifier_prob and/or regression_passed per candidate. */
async function verifyResult(outputs: string[]): Promise<StageResult | null> {
  const files = trajectoriesOf(outputs);
  if (files.length === 0) return null;
  const counts = { candidates: 0, scored: 0, verifier: 0, regression: 0 };
  const instances = new Set<string>();
  for (const file of files) {
    for await (const { record } of readRunRecords(file)) {
      const verifier = typeof record.verifier_prob === "number";
      const regression = typeof record.regression_passed === "boolean";
      counts.candidates += 1;
      counts.scored += verifier || regression ? 1 : 0;
      counts.verifier += verifier ? 1 : 0;
      counts.regression += regression ? 1 : 0;
      instances.add(record.instance_id);
    }
  }
  return { kind: "verify", files, ...counts, instances: instances.size };
}

/** The training record (entropo-train.json) in the directory of one of a train stage's outputs. */
async function trainResult(outputs: string[]): Promise<StageResult | null> {
  for (const output of outputs) {
    const outputDir = existsSync(join(output, "entropo-train.json")) ? output : dirname(output);
    const record = await readTrainRecord(outputDir);
    if (record !== null) return { kind: "train", outputDir, status: record.status, steps: record.steps, loss: record.loss };
  }
  return null;
}

/** Rows of a data stage's dataset file (a JSON array, or JSONL lines). */
async function dataResult(outputs: string[]): Promise<StageResult | null> {
  const file = outputs.find((path) => /\.jsonl?$/.test(path) && existsSync(path));
  if (file === undefined) return null;
  const text = await readFile(file, "utf8");
  if (file.endsWith(".jsonl")) return { kind: "data", file, rows: text.split("\n").filter((line) => line.trim() !== "").length };
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? { kind: "data", file, rows: value.length } : null;
}

/** The selection.json beside a select stage's predictions file. */
async function selectResult(outputs: string[]): Promise<StageResult | null> {
  const predictions = outputs.find((path) => path.endsWith(".jsonl") && existsSync(path));
  if (predictions === undefined) return null;
  const selection = await readSelectionFile(dirname(predictions));
  if (selection === undefined) return null;
  const instances = selection.summary?.instances ?? selection.instances ?? selection.picks?.length ?? null;
  const resolved = selection.summary?.resolved ?? selection.resolved ?? (selection.picks?.every((pick) => pick.resolved !== undefined) ? selection.picks.filter((pick) => pick.resolved === true).length : null);
  return { kind: "select", predictions, strategy: selection.strategy, instances, resolved };
}

/** The report file of a report stage (its Markdown or HTML output). */
function reportResult(outputs: string[]): StageResult | null {
  const report = outputs.find((path) => /\.(md|html)$/.test(path) && existsSync(path));
  return report === undefined ? null : { kind: "report", report };
}

const readers: Partial<Record<StageConfig["kind"], (outputs: string[]) => Promise<StageResult | null> | StageResult | null>> = {
  rollout: rolloutResult,
  verify: verifyResult,
  train: trainResult,
  data: dataResult,
  select: selectResult,
  report: reportResult,
};

/** The outcome of each stage that has finished at least once (by stage name); stages never finished are absent. */
export async function stageOutcomes(pipeline: PipelineConfig): Promise<Map<string, StageOutcome>> {
  const variables = pipelineVariables(pipeline);
  const state = await readState(variables.out as string);
  const outcomes = new Map<string, StageOutcome>();
  for (const raw of pipeline.stages) {
    const finished = state.stages[raw.name];
    if (finished === undefined) continue;
    const stage = interpolate(raw, variables, `stage ${raw.name}`);
    const outputs = stage.outputs.map((path) => resolvePipelinePath(pipeline, path));
    let result: StageResult | null = null;
    let problem: string | null = null;
    try {
      result = (await readers[stage.kind]?.(outputs)) ?? null;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    outcomes.set(stage.name, { finishedAt: finished.finishedAt, seconds: finished.seconds, outputs: outputs.map((path) => ({ path, exists: existsSync(path) })), result, problem });
  }
  return outcomes;
}
