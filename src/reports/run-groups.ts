// Groups measured runs into table cells: same benchmark, model, stage, α and temperature; run_index must differ.
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { runFiles } from "../run-dir/layout.js";
import type { LoadedRun } from "./load-run.js";
import type { RunMetrics } from "./run-metrics.js";

export type MeasuredRun = LoadedRun & { metrics: RunMetrics };

export type RunGroup = {
  benchmark: string;
  model: string;
  stage: string;
  entroAlpha: number | null;
  temperature: number | null;
  runs: MeasuredRun[];
};

const stageOrder = ["origin", "base", "sft", "kto", "dpo", "entropo-kto", "entropo-dpo"];

function stageRank(stage: string): number {
  const index = stageOrder.indexOf(stage.toLowerCase());
  return index === -1 ? stageOrder.length : index;
}

/** A short label of a group: `model stage` plus α and T when set. */
export function groupLabel(group: Pick<RunGroup, "model" | "stage" | "entroAlpha" | "temperature">): string {
  const extras = [group.entroAlpha === null ? "" : `α=${group.entroAlpha}`, group.temperature === null ? "" : `T=${group.temperature}`];
  return [group.model, group.stage, ...extras].filter((part) => part !== "").join(" ");
}

/** A figure label: short model name, stage, α and T, prefixed by the benchmark when the groups span several. */
export function figureLabel(group: RunGroup, all: readonly RunGroup[]): string {
  const shortModel = group.model.split("/").pop() ?? group.model;
  const label = groupLabel({ ...group, model: shortModel });
  return new Set(all.map((one) => one.benchmark)).size > 1 ? `${group.benchmark} ${label}` : label;
}

/** Groups runs; two runs of one group with the same run_index are an error naming both directories. */
export function groupRuns(runs: readonly MeasuredRun[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const run of runs) {
    const entroAlpha = run.metadata.entro_alpha ?? null;
    const key = JSON.stringify([run.metadata.benchmark, run.metadata.model, run.metadata.stage, entroAlpha, run.temperature]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { benchmark: run.metadata.benchmark, model: run.metadata.model, stage: run.metadata.stage, entroAlpha, temperature: run.temperature, runs: [] };
      groups.set(key, group);
    }
    const twin = group.runs.find((other) => other.metadata.run_index === run.metadata.run_index);
    if (twin !== undefined) {
      throw new InputError(`run_index ${run.metadata.run_index} is used by both ${twin.dir} and ${run.dir} for the same model, stage and benchmark`, {
        file: join(run.dir, runFiles.runJson),
        field: "run_index",
      });
    }
    group.runs.push(run);
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.benchmark.localeCompare(b.benchmark) ||
      a.model.localeCompare(b.model) ||
      stageRank(a.stage) - stageRank(b.stage) ||
      a.stage.localeCompare(b.stage) ||
      (a.entroAlpha ?? -1) - (b.entroAlpha ?? -1) ||
      (a.temperature ?? -1) - (b.temperature ?? -1),
  );
}
