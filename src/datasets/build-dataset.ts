// `entropo data`: builds LLaMA-Factory SFT / DPO / KTO / verifier datasets (or statistics) from trajectories, streaming.
import { join } from "node:path";
import { badOptionValue, InputError } from "../core/errors.js";
import { log, type PipelineEvent } from "../core/events.js";
import { writeJsonAtomic } from "../util/jsonl.js";
import type { HubOptions } from "../hub/hf-dataset.js";
import type { InputFormat } from "../trajectories/read-trajectories.js";
import { assertTemplate } from "./chat-template.js";
import { entryFor } from "./dataset-entries.js";
import { mergeDatasetInfo } from "./dataset-info.js";
import { StatsAccumulator, type DatasetStats } from "./dataset-stats.js";
import { DpoPairer } from "./dpo-pairs.js";
import { createRecordFilter, type RecordFilterOptions } from "./filters.js";
import { KtoInterleaver } from "./kto-interleave.js";
import { RolloutNumbering } from "./record-rows.js";
import { suggestKtoWeights, type KtoWeights } from "./kto-weights.js";
import { assertInputsExist, parseInputs, readLabelledTrajectories } from "./labelled-inputs.js";
import type { ApplyState } from "./parallel/apply-prepared.js";
import type { PreparedKind, WorkerSettings } from "./parallel/protocol.js";
import { preparedCacheSettings } from "./parallel/prepared-cache-settings.js";
import { readInParallel, workerCount, type CacheCounts } from "./parallel/read-in-parallel.js";
import { remainderJson } from "./parallel/remainder-bytes.js";
import { applyRecipe, type Recipe, type RecipeSettings } from "./recipes.js";
import { conversationTokens, handleRecord, type RowContext } from "./row-handlers.js";
import { RowWriter, type RowFileFormat } from "./row-writer.js";
import { toShareGpt, withSystem, type ActionFormat } from "./sharegpt.js";

export const datasetKinds = ["sft", "dpo", "kto", "verifier", "stats", "records"] as const;
export type DatasetKind = (typeof datasetKinds)[number];

export type BuildDatasetOptions = RecordFilterOptions & RecipeSettings & {
  kind: DatasetKind;
  /** Files, directories or hf: ids; `LABEL=PATH` names the input's source (for `pairScope: "source"`). */
  inputs: readonly string[];
  /** Selection preset (default `entropo`); `authors` reproduces the authors' generate_*.py scripts. */
  recipe?: Recipe;
  rewards?: string;
  outDir: string;
  name: string;
  template?: string;
  cutoffLen?: number;
  tokenizer?: string;
  skipInvalid?: boolean;
  format?: InputFormat;
  fileFormat?: RowFileFormat;
  /** DPO: at most K pairs per instance (seeded sample); all combinations by default. */
  pairsPerInstance?: number;
  seed?: number;
  /** Verifier: the judge's context (R2E: 65536) that the interaction log is condensed to. */
  verifierMaxTokens?: number;
  /** Stats: count rendered tokens (default true). */
  countTokens?: boolean;
  /** Tool calls as LLaMA-Factory function_call turns (`native`, default) or R2E `<function=...>` text (`r2e`). */
  actionFormat?: ActionFormat;
  hub?: HubOptions;
  signal?: AbortSignal;
  /** Worker threads that read and prepare SFT/DPO/KTO records (0: none; default: one per CPU beside the main thread, at most 4; see workerCount). */
  workers?: number;
  /** Bytes of JSONL per worker task (default 4 MiB; tests use small ones to get many tasks). */
  workerChunkBytes?: number;
  /** Worker threads reuse the records they prepared for the same input, settings and code before (default true; see docs/datasets.md). */
  cache?: boolean;
};

export type BuildDatasetSummary = {
  kind: DatasetKind;
  name: string;
  file: string | null;
  datasetInfo: string | null;
  read: number;
  rows: number;
  skippedInvalid: number;
  dropped: Record<string, number>;
  kto?: { desirable: number; undesirable: number; suggestedWeights: KtoWeights; sameInstanceNeighbours: number };
  /** Entries of R2E collection summaries that had no reward (environment failures), skipped. */
  rewardErrorEntries: number;
  pairsPossible?: number;
  stats: DatasetStats;
  /** Worker builds with the prepared-record cache: tasks read from it (hits) and prepared anew (misses). */
  cache?: CacheCounts;
  seconds: number;
};

function validate(options: BuildDatasetOptions): void {
  if (!datasetKinds.includes(options.kind)) throw badOptionValue("kind", datasetKinds.join("|"), options.kind);
  if (!/^[\w.-]+$/.test(options.name)) throw badOptionValue("--name", "letters, digits, '_', '-', '.'", options.name);
  if (options.inputs.length === 0) throw badOptionValue("--input", "at least one file, directory or hf: id", []);
  if (options.cutoffLen !== undefined && !(Number.isInteger(options.cutoffLen) && options.cutoffLen > 0)) {
    throw badOptionValue("--cutoff-len", "a positive integer", options.cutoffLen);
  }
  const k = options.pairsPerInstance;
  if (k !== undefined && !(Number.isInteger(k) && k > 0)) throw badOptionValue("--pairs-per-instance", "a positive integer", k);
  assertTemplate(options.template ?? "qwen3_nothink");
}

/** What worker threads need to prepare records as handleRecord does (plain data: it is copied to each thread). */
function workerSettings(options: BuildDatasetOptions, context: RowContext): WorkerSettings {
  const cache = preparedCacheSettings(options.cache);
  return {
    ...(cache !== undefined ? { cache } : {}),
    kind: context.kind as PreparedKind,
    format: options.format ?? "auto",
    actionFormat: context.actionFormat,
    filter: {
      onlyFinished: options.onlyFinished,
      exitReasons: options.exitReasons,
      excludeExitReasons: options.excludeExitReasons,
      minSteps: options.minSteps,
      maxSteps: options.maxSteps,
    },
    dedup: options.dedup === true,
    includeFailed: context.includeFailed,
    missingRewardAsFailed: context.missingRewardAsFailed,
    dpoTools: context.dpoTools,
    pairScope: context.pairScope,
  };
}

/** The progress line while reading: a running count, not a total (`data sft: 3 trajectories read so far (FILE)`). */
export function readingProgress(task: string, read: number, file: string): PipelineEvent {
  return { type: "progress", task, done: read, unit: "trajectories read so far", detail: file };
}

/** Inputs that held no trajectory at all: nothing to build from (exit 2, nothing written). */
function noTrajectories(inputs: readonly string[], invalidSkipped: number): InputError {
  const skippedNote = invalidSkipped > 0 ? ` (${invalidSkipped} invalid records skipped by --skip-invalid)` : "";
  return new InputError(`no trajectories in --input ${inputs.join(", ")}${skippedNote}; nothing was written`, {
    hint: "check the paths: an empty file or a directory without trajectory files gives no dataset",
  });
}

/**
 * Every trajectory was read but none gave a row: names the filters and their counts. A warning, not an error: a
 * 0-row result is a legitimate outcome that tests and pipelines rely on (e.g. no pair within --pair-scope).
 */
function noRowsMessage(kind: DatasetKind, read: number, dropped: Record<string, number>, invalidSkipped: number): string {
  const reasons = Object.entries(dropped).map(([why, n]) => `${n} ${why}`);
  if (invalidSkipped > 0) reasons.push(`${invalidSkipped} invalid skipped`);
  return `${kind}: 0 rows from ${read} trajectories (${reasons.length > 0 ? reasons.join(", ") : "no row formed"}); the dataset is empty: loosen the filters or check the rewards`;
}

/** Streams the build: progress and log events, artifact events, then `{type: "result", command: "data", data: summary}`. */
export async function* buildDataset(given: BuildDatasetOptions): AsyncGenerator<PipelineEvent> {
  validate(given);
  const options = applyRecipe(given);
  const started = Date.now();
  const { kind, outDir, name } = options;
  const template = options.template ?? "qwen3_nothink";
  const needsTokens = options.cutoffLen !== undefined || kind === "verifier" || (kind === "stats" && options.countTokens !== false);
  // Loaded only when tokens are counted: the tokenizer library costs start-up time and memory.
  const counter = needsTokens ? await (await import("./token-counter.js")).loadTokenCounter(options.tokenizer) : undefined;
  // Canonical records are entropo's trajectories.jsonl: always JSON Lines.
  const fileFormat = kind === "records" ? "jsonl" : (options.fileFormat ?? "json");
  const writer = new RowWriter(join(outDir, `${name}.${kind === "stats" ? "stats.json" : fileFormat}`), fileFormat);
  const pairer = kind === "dpo" ? new DpoPairer(options.pairsPerInstance, options.seed ?? 42, options.lastPerInstancePerFile === true, remainderJson) : undefined;
  const interleaver = kind === "kto" ? new KtoInterleaver(options.seed ?? 42) : undefined;
  const context: RowContext | undefined =
    kind === "stats"
      ? undefined
      : {
          kind,
          template,
          cutoffLen: options.cutoffLen,
          counter,
          writer,
          pairer,
          includeFailed: options.includeFailed === true,
          missingRewardAsFailed: options.missingRewardAsFailed === true,
          pairScope: options.pairScope ?? "instance",
          dpoTools: options.dpoTools !== false,
          verifierMaxTokens: options.verifierMaxTokens ?? 65536,
          kto: { desirable: 0, undesirable: 0 },
          interleaver,
          actionFormat: options.actionFormat ?? "native",
          toolsSeen: false,
          ...(kind === "records" ? { numbering: new RolloutNumbering() } : {}),
        };
  const filter = createRecordFilter(options);
  const stats = new StatsAccumulator();
  const dropped: Record<string, number> = {};
  const skipped: InputError[] = [];
  let read = 0;
  let rewardErrorEntries = 0;
  let lastProgress = 0;
  let cacheCounts: CacheCounts | undefined;
  const task = `data ${kind}`;
  try {
    const inputs = parseInputs(options.inputs);
    const workers = context === undefined ? 0 : workerCount({ kind, workers: options.workers, tokens: counter !== undefined, rewards: options.rewards !== undefined, inputs });
    if (workers > 0 && context !== undefined) {
      assertInputsExist(inputs);
      const state: ApplyState = {
        kind: kind as PreparedKind,
        writer,
        pairer,
        interleaver,
        pairScope: context.pairScope,
        skipInvalid: options.skipInvalid === true,
        stats,
        dropped,
        skipped,
        kto: context.kto,
        toolsSeen: false,
        read: 0,
      };
      const settings = workerSettings(options, context);
      if (settings.cache !== undefined) cacheCounts = { hits: 0, misses: 0, bytesInPlace: 0 };
      yield* readInParallel(inputs, settings, workers, state, { task, ...(options.signal ? { signal: options.signal } : {}), ...(options.hub ? { hub: options.hub } : {}), ...(options.workerChunkBytes ? { chunkBytes: options.workerChunkBytes } : {}), ...(cacheCounts ? { cacheCounts } : {}) });
      read = state.read;
      context.toolsSeen = state.toolsSeen;
    }
    const records = workers > 0 ? [] : readLabelledTrajectories(inputs, {
      ...(options.format ? { format: options.format } : {}),
      ...(options.rewards ? { rewards: options.rewards } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.hub ? { hub: options.hub } : {}),
      skipInvalid: options.skipInvalid === true,
      onSkip: (error) => skipped.push(error),
      onRewards: (rewards) => {
        rewardErrorEntries += rewards.skippedEntries;
      },
    });
    for await (const { record, file, source } of records) {
      read += 1;
      const reason = filter(record) ?? (context === undefined ? undefined : await handleRecord(record, context, { source, file }));
      if (reason !== undefined) dropped[reason] = (dropped[reason] ?? 0) + 1;
      if (reason === undefined || context === undefined) {
        const conversion = kind === "stats" && counter !== undefined ? toShareGpt(record.messages, { source: record.source }) : undefined;
        const tokens = conversion?.ok === true ? conversationTokens({ counter, template }, withSystem(conversion), record.tools) : undefined;
        stats.add(record, tokens);
      }
      if (Date.now() - lastProgress > 250) {
        lastProgress = Date.now();
        yield readingProgress(task, read, file);
      }
    }
    if (read === 0) throw noTrajectories(options.inputs, skipped.length);
    yield { type: "progress", task, done: read, unit: `trajectories read from ${inputs.length === 1 ? "1 input" : `${inputs.length} inputs`} (done)` };
    for (const error of skipped.slice(0, 5)) yield log("warn", `skipped invalid record: ${error.message}`, "data");
    let pairsPossible: number | undefined;
    if (pairer !== undefined) {
      pairsPossible = [...pairer.possiblePairs().values()].reduce((sum, n) => sum + n, 0);
      for await (const parts of pairer.pairRowParts()) {
        writer.addBytes(...parts);
        if (Date.now() - lastProgress > 250) {
          lastProgress = Date.now();
          yield { type: "progress", task: "data dpo pairs", done: writer.rows, total: pairsPossible, unit: "pairs" };
        }
      }
    }
    await interleaver?.writeTo(writer);
    const result = stats.result();
    let datasetInfo: string | null = null;
    let file: string | null = null;
    let weights: KtoWeights | undefined;
    if (context === undefined) {
      await writer.abort();
      file = join(outDir, `${name}.stats.json`);
      await writeJsonAtomic(file, result);
      yield { type: "artifact", kind: "stats", path: file };
    } else {
      if (writer.rows === 0) yield log("warn", noRowsMessage(kind, read, dropped, skipped.length), "data");
      await writer.commit();
      file = writer.target;
      if (kind === "kto") weights = suggestKtoWeights(context.kto.desirable, context.kto.undesirable);
      yield { type: "artifact", kind: `dataset.${kind}`, path: file, description: `${writer.rows} rows` };
      if (context.kind !== "records") {
        datasetInfo = await mergeDatasetInfo(outDir, name, entryFor(context.kind, `${name}.${fileFormat}`, context, weights));
        yield { type: "artifact", kind: "dataset_info", path: datasetInfo, description: `entry ${name}` };
      } else if ((context.numbering?.renumbered ?? 0) > 0) {
        yield log("info", `records: ${context.numbering?.renumbered} repeated (instance_id, rollout_index) pairs got the next free rollout_index`, "data");
      }
      if (weights !== undefined) {
        yield log("info", `KTO: ${context.kto.desirable} desirable, ${context.kto.undesirable} undesirable; suggested kto_chosen_weight=${weights.desirable} kto_rejected_weight=${weights.undesirable}`, "data");
        yield log("info", `KTO: rows interleaved by instance; ${interleaver?.neighbours ?? 0} of ${writer.rows} rows still get a KL example from their own instance`, "data");
      }
    }
    const rows = context === undefined ? 0 : writer.rows;
    const errorNote = rewardErrorEntries > 0 ? `, ${rewardErrorEntries} collection_summary entries without a reward (errors) skipped` : "";
    yield log("info", `${kind}: ${rows} rows from ${read} trajectories${skipped.length > 0 ? `, ${skipped.length} invalid skipped` : ""}${errorNote}`, "data");
    if (cacheCounts !== undefined) yield log("info", `prepared-record cache: ${cacheCounts.hits} of ${cacheCounts.hits + cacheCounts.misses} tasks reused`, "data");
    const droppedTotal = Object.values(dropped).reduce((sum, n) => sum + n, 0);
    if (droppedTotal > 0) yield log("info", `dropped ${droppedTotal}: ${Object.entries(dropped).map(([why, n]) => `${n} ${why}`).join(", ")}`, "data");
    const summary: BuildDatasetSummary = {
      kind,
      name,
      file,
      datasetInfo,
      read,
      rows,
      skippedInvalid: skipped.length,
      dropped,
      ...(context !== undefined && weights !== undefined ? { kto: { ...context.kto, suggestedWeights: weights, sameInstanceNeighbours: interleaver?.neighbours ?? 0 } } : {}),
      rewardErrorEntries,
      ...(pairsPossible !== undefined ? { pairsPossible } : {}),
      stats: result,
      ...(cacheCounts !== undefined ? { cache: cacheCounts } : {}),
      seconds: (Date.now() - started) / 1000,
    };
    yield { type: "result", command: "data", data: summary };
  } catch (error) {
    await writer.abort();
    await pairer?.dispose();
    await interleaver?.dispose();
    throw error;
  }
}
