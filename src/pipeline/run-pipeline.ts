// Runs the stages of a pipeline in order, skipping those that are up to date, and records each finished stage.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { result, type PipelineEvent } from "../core/events.js";
import { badOptionValue, CancelledError } from "../core/errors.js";
import { pipelineVariables, type PipelineConfig, type StageConfig } from "./pipeline-config.js";
import { readState, writeState } from "./pipeline-state.js";
import { checkStage } from "./pipeline-status.js";
import { stageRunnerFor } from "./stage-registry.js";
import type { StageBoundaries } from "./stage-runner.js";

/** The `result` event's data of `entropo run`: the output directory and the stages of this run, in order. */
export type PipelineRunResult = { out: string; stages: string[] };

export type RunPipelineOptions = {
  pipeline: PipelineConfig;
  /** Run only this stage (forced, even when up to date). */
  stage?: string;
  /** Start at this stage (forced), then continue with the following ones. */
  from?: string;
  /** Re-run every stage regardless of the cache. */
  force?: boolean;
  signal?: AbortSignal;
  /** Test doubles handed to the stages (docs/architecture.md, boundaries and their doubles); absent: the real systems. */
  boundaries?: StageBoundaries;
};

/** Stages selected by --stage / --from, validated against the pipeline. */
function selectStages(pipeline: PipelineConfig, options: { stage?: string; from?: string }): StageConfig[] {
  const names = pipeline.stages.map((stage) => stage.name);
  for (const [option, name] of [["--stage", options.stage], ["--from", options.from]] as const) {
    if (name !== undefined && !names.includes(name)) {
      throw badOptionValue(option, `one of ${names.join(", ")}`, name);
    }
  }
  if (options.stage !== undefined) return pipeline.stages.filter((stage) => stage.name === options.stage);
  if (options.from !== undefined) return pipeline.stages.slice(names.indexOf(options.from));
  return pipeline.stages;
}

/** Yields stage events (start/skip/end) around each stage's own events; stops at the first failure. */
export async function* runPipeline(options: RunPipelineOptions): AsyncGenerator<PipelineEvent> {
  const { pipeline } = options;
  const signal = options.signal ?? new AbortController().signal;
  const variables = pipelineVariables(pipeline);
  const outDir = variables.out as string;
  await mkdir(outDir, { recursive: true });
  const state = await readState(outDir);
  const selected = selectStages(pipeline, options);
  const forced = new Set([options.stage, options.from].filter((name): name is string => name !== undefined));
  for (const [index, rawStage] of selected.entries()) {
    if (signal.aborted) throw new CancelledError();
    const { stage, hash, reason, resolvePath } = await checkStage(pipeline, rawStage, variables, state);
    if (reason === null && !options.force && !forced.has(stage.name)) {
      yield { type: "stage.skip", stage: stage.name, reason: "up to date" };
      continue;
    }
    yield { type: "stage.start", stage: stage.name, index, total: selected.length };
    const started = Date.now();
    try {
      const runner = await stageRunnerFor(stage.kind);
      yield* runner({ pipeline, stage, resolvePath, signal, ...(options.boundaries === undefined ? {} : { boundaries: options.boundaries }) });
      if (signal.aborted) throw new CancelledError();
      const missing = stage.outputs.map(resolvePath).filter((output) => !existsSync(output));
      if (missing.length > 0) throw new Error(`stage ${stage.name} finished without its declared outputs: ${missing.join(", ")}`);
    } catch (error) {
      const cancelled = error instanceof CancelledError || signal.aborted;
      yield {
        type: "stage.end",
        stage: stage.name,
        status: cancelled ? "cancelled" : "failed",
        seconds: (Date.now() - started) / 1000,
        error: error instanceof Error ? error.message : String(error),
      };
      throw cancelled && !(error instanceof CancelledError) ? new CancelledError() : error;
    }
    const seconds = (Date.now() - started) / 1000;
    state.stages[stage.name] = { hash, finishedAt: Date.now(), seconds };
    await writeState(outDir, state);
    yield { type: "stage.end", stage: stage.name, status: "done", seconds };
  }
  yield result("run", { out: outDir, stages: selected.map((stage) => stage.name) });
}
