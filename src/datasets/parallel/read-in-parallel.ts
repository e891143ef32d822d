// `entropo data sft|dpo|kto` with worker threads: whether to use them, how many, and the loop that applies their batches.
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { badOptionValue } from "../../core/errors.js";
import type { PipelineEvent } from "../../core/events.js";
import type { HubOptions } from "../../hub/hf-dataset.js";
import { isCollectionSummary } from "../../trajectories/expand-inputs.js";
import type { LabelledInput } from "../labelled-inputs.js";
import type { ReferenceLabel } from "../spill-store.js";
import { PreparedApplier, type ApplyState } from "./apply-prepared.js";
import { planTasks } from "./plan-tasks.js";
import { boundCache, removeTemporary } from "./prepared-cache-bound.js";
import { preparedCacheCap } from "./prepared-cache-settings.js";
import type { WorkerSettings } from "./protocol.js";
import { RecordWorkerPool } from "./worker-pool.js";

/** Below this many input bytes starting threads costs more than it saves. */
const smallInputBytes = 32 * 1024 * 1024;
/** The default never starts more threads than this (each holds its own heap: about 100 MB). */
const maxDefaultWorkers = 4;

/** Bytes of the local inputs (files, directories walked), or Infinity when an hf: dataset is among them. */
function inputBytes(inputs: readonly LabelledInput[]): number {
  let total = 0;
  for (const { path } of inputs) {
    if (path.startsWith("hf:")) return Infinity;
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined) continue;
    if (!info.isDirectory()) total += info.size;
    else for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export type WorkerChoice = {
  kind: string;
  /** --workers; else ENTROPO_DATA_WORKERS; else one per CPU beside the main thread's (at most 4), none on one CPU or for small inputs. */
  workers: number | undefined;
  /** CPUs to plan for (default: os.availableParallelism()). */
  cpus?: number;
  tokens: boolean;
  rewards: boolean;
  inputs: readonly LabelledInput[];
};

/**
 * How many worker threads read and prepare records; 0 keeps the serial in-thread loop. Threads prepare SFT, DPO and KTO
 * rows without a token budget and without a rewards table (those builds stay serial). The default leaves one CPU to the
 * main thread, which applies, stores and writes every batch: on 2 CPUs, two threads took the same wall time as one
 * (the main thread and two workers share two cores) at about 100 MB more memory (bench/results/datasets.json).
 */
export function workerCount(choice: WorkerChoice): number {
  const fromEnv = process.env.ENTROPO_DATA_WORKERS;
  const asked = choice.workers ?? (fromEnv === undefined || fromEnv === "" ? undefined : Number(fromEnv));
  if (asked !== undefined && !(Number.isInteger(asked) && asked >= 0)) throw badOptionValue(choice.workers === undefined ? "ENTROPO_DATA_WORKERS" : "--workers", "a non-negative integer", fromEnv ?? asked);
  if (!["sft", "dpo", "kto"].includes(choice.kind) || choice.tokens || choice.rewards) return 0;
  if (choice.inputs.some((input) => isCollectionSummary(input.path))) return 0;
  if (asked !== undefined) return asked;
  const cpus = choice.cpus ?? availableParallelism();
  if (cpus < 2 || inputBytes(choice.inputs) < smallInputBytes) return 0;
  return Math.min(cpus - 1, maxDefaultWorkers);
}

/**
 * Tasks whose batches came from the prepared-record cache (hits) and tasks prepared and cached (misses); bytes of hits
 * read where their entries hold them (DPO/KTO entries of 1 MiB or more: not copied into the build's spill file).
 */
export type CacheCounts = { hits: number; misses: number; bytesInPlace: number };

/**
 * Reads every input on `workers` threads and applies their prepared records in input order to `state`, yielding
 * progress every 250 ms. Threads and temporary files are gone when it returns or throws (also on cancel). With
 * `settings.cache`, tasks are counted in `cacheCounts` and the cache is bounded in size at the end.
 */
export async function* readInParallel(
  inputs: readonly LabelledInput[],
  settings: WorkerSettings,
  workers: number,
  state: ApplyState,
  options: { signal?: AbortSignal; hub?: HubOptions; task: string; chunkBytes?: number; cacheCounts?: CacheCounts },
): AsyncGenerator<PipelineEvent> {
  // DPO/KTO keep every batch's bytes until the end: in their spill file, or (cache hits) where the entry holds them.
  const keeper = state.pairer ?? state.interleaver;
  const counts = options.cacheCounts;
  // Read at the end (DPO pairs, KTO rows): an entry changed in place by another program since its check shows here.
  const label = (path: string): ReferenceLabel => ({ name: `prepared-record cache entry ${basename(path).replace(/\.tmp-.*$/, "")}`, hint: "; it changed after it was checked: rerun with --no-cache" });
  const spill = keeper?.store;
  const stores = spill === undefined ? {} : { store: (bytes: Buffer) => spill.putBytes(bytes).offset, reference: (path: string, position: number, length: number) => spill.reference(path, position, length, label(path)).offset };
  const cap = settings.cache !== undefined ? preparedCacheCap() : 0;
  const onCache = (hit: boolean): void => {
    if (counts !== undefined) counts[hit ? "hits" : "misses"] += 1;
  };
  const cache = settings.cache === undefined ? {} : { cache: { ...settings.cache, byReference: spill !== undefined } };
  const pool = new RecordWorkerPool({ settings: { ...settings, ...cache }, workers, onCache, ...(options.signal ? { signal: options.signal } : {}), ...stores });
  const applier = new PreparedApplier(state);
  let lastProgress = 0;
  try {
    for await (const batch of pool.batches(planTasks(inputs, { ...options.hub, signal: options.signal }, options.chunkBytes))) {
      applier.apply(batch);
      if (Date.now() - lastProgress > 250) {
        lastProgress = Date.now();
        yield { type: "progress", task: options.task, done: state.read, unit: "trajectories read so far", detail: batch.file };
      }
    }
    if (counts !== undefined) counts.bytesInPlace = spill?.bytesInPlace ?? 0;
  } finally {
    // The workers have exited (the pool closes them): none of this build's temporary entries is still written.
    if (settings.cache !== undefined) {
      await removeTemporary(settings.cache.dir, settings.cache.build);
      await boundCache(settings.cache.dir, cap);
    }
  }
}
