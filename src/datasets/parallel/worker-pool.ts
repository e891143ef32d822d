// Runs record tasks on worker threads and hands their batches back in input order (out-of-order ones wait or spill).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { CancelledError } from "../../core/errors.js";
import { ReorderStore, type Held } from "./reorder-store.js";
import type { PlannedTask } from "./plan-tasks.js";
import type { BatchMessage, CacheMessage, PreparedItem, RecordTask, WorkerSettings } from "./protocol.js";

/** A batch in input order: its items, and where their byte ranges point (the bytes, or their offset in the caller's store). */
export type OrderedBatch = { file: string; source: string; items: PreparedItem[]; bytes: Buffer | undefined; base: number };

export type PoolOptions = {
  settings: WorkerSettings;
  /** Worker threads to start (all at once: they load their modules while the first tasks are planned). */
  workers: number;
  signal?: AbortSignal;
  /**
   * Stores a batch's bytes on arrival, in any order (DPO/KTO: their spill file), returning their base offset. Without
   * it the bytes stay with the batch (see ReorderStore for batches that arrive before their turn).
   */
  store?: (bytes: Buffer) => number;
  /**
   * Stores by reference the bytes of a batch that a worker handed over as a file (`length` bytes at `position` of
   * `path`), returning their base offset like `store`. Needed when the settings ask for `cache.byReference`.
   */
  reference?: (path: string, position: number, length: number) => number;
  /** Told for each task whether its batches came from the prepared-record cache (when the cache is on). */
  onCache?: (hit: boolean) => void;
};

/** Tasks a worker holds at most (one running, one queued so it never waits for the main thread). */
const tasksPerWorker = 2;

/** A batch waiting for its turn: bytes in the worker's buffer (head task), held aside, or stored by the caller at `base`. */
type Arrived = { items: PreparedItem[]; worker: Worker; buffer: ArrayBuffer | undefined; length: number; held: Held | undefined; base: number };
type Entry = { file: string; source: string; worker: Worker | undefined; batches: Arrived[]; done: boolean; error?: unknown };

/**
 * The worker: the compiled script, or (running from TypeScript source: tests, benchmarks) a bootstrap that registers
 * tsx in the worker and imports the source (a worker ignores `--import` in its execArgv on Node 20).
 */
function startWorker(workerData: WorkerSettings): Worker {
  const script = new URL(import.meta.url.endsWith(".ts") ? "./record-worker.ts" : "./record-worker.js", import.meta.url);
  if (!import.meta.url.endsWith(".ts")) return new Worker(script, { workerData });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** A view whose buffer can be transferred: its own ArrayBuffer (small views may lie in Node's shared Buffer pool). */
function transferable(bytes: Uint8Array): Uint8Array {
  return bytes.buffer.byteLength > 65536 ? bytes : new Uint8Array(bytes);
}

/** The error of a cache entry handed over by reference that could not be stored. */
function cacheEntryFailure(error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`reading a prepared-record cache entry failed (${reason}); rerun with --no-cache`);
}

let running = 0;

/** Worker threads of all pools that have not exited yet (0 once every build has ended, cancelled or not). */
export function runningWorkerThreads(): number {
  return running;
}

export class RecordWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly load = new Map<Worker, number>();
  private readonly entries = new Map<number, Entry>();
  private readonly reorder = new ReorderStore();
  private head = 0;
  private next = 0;
  private planned = false;
  /** A planned task waiting for a worker with room. */
  private held: PlannedTask | undefined;
  private failure: unknown;
  private closing = false;
  private wake: (() => void) | undefined;
  private readonly onAbort = (): void => this.notify();

  constructor(private readonly options: PoolOptions) {
    options.signal?.addEventListener("abort", this.onAbort);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private spawn(): Worker {
    const worker = startWorker(this.options.settings);
    worker.on("message", (message: BatchMessage | CacheMessage) => {
      if (message.type === "cache") this.options.onCache?.(message.hit);
      else this.arrive(worker, message);
    });
    worker.on("error", (error) => {
      this.failure ??= error;
      this.notify();
    });
    running += 1;
    worker.on("exit", (code) => {
      running -= 1;
      if (!this.closing) this.failure ??= new Error(`a data worker thread exited (code ${code})`);
      this.notify();
    });
    this.workers.push(worker);
    this.load.set(worker, 0);
    return worker;
  }

  /** The least loaded worker with room for a task, or none. */
  private pick(): Worker | undefined {
    let best: Worker | undefined;
    for (const worker of this.workers) if (best === undefined || (this.load.get(worker) ?? 0) < (this.load.get(best) ?? 0)) best = worker;
    return best !== undefined && (this.load.get(best) ?? 0) < tasksPerWorker ? best : undefined;
  }

  /** Gives a batch buffer back to the worker that filled it. */
  private recycle(worker: Worker, buffer: ArrayBuffer): void {
    if (!this.closing) worker.postMessage({ type: "recycle", buffer }, [buffer]);
  }

  /**
   * Takes a batch in whatever order it comes: its bytes are stored (DPO/KTO), kept for the consumer (head task) or
   * copied aside (later tasks), and the buffer goes back to the worker unless the consumer still needs it.
   */
  private arrive(worker: Worker, message: BatchMessage): void {
    try {
      this.take(worker, message);
    } catch (error) {
      // Thrown in a message handler it would end the process (and leave the build's temporary files): the build fails.
      this.failure ??= message.stored !== undefined ? cacheEntryFailure(error) : error;
      this.notify();
    }
  }

  /** See arrive(); throws when the bytes cannot be stored (a full disk, no file descriptor left, a vanished link). */
  private take(worker: Worker, message: BatchMessage): void {
    const entry = this.entries.get(message.task);
    if (entry === undefined) return;
    const bytes = message.buffer === null ? undefined : Buffer.from(message.buffer, 0, message.length);
    const arrived: Arrived = { items: message.items, worker, buffer: undefined, length: message.length, held: undefined, base: 0 };
    if (message.stored !== undefined) {
      if (this.options.reference === undefined) throw new Error("a data worker handed bytes over by reference to a build that does not store them");
      arrived.base = this.options.reference(message.stored.path, message.stored.position, message.length);
    } else if (bytes !== undefined && this.options.store !== undefined) arrived.base = this.options.store(bytes);
    else if (bytes !== undefined && message.task === this.head) arrived.buffer = message.buffer ?? undefined;
    else if (bytes !== undefined) arrived.held = this.reorder.hold(bytes);
    if (message.buffer !== null && arrived.buffer === undefined) this.recycle(worker, message.buffer);
    entry.batches.push(arrived);
    if (message.last) {
      entry.done = true;
      this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
    }
    this.notify();
  }

  /** Dispatches planned tasks while workers have room and the window ahead of the head allows. */
  private async fill(plan: AsyncIterator<PlannedTask>): Promise<void> {
    const window = this.options.workers * tasksPerWorker + 1;
    while (!this.planned && this.next < this.head + window) {
      if (this.held === undefined) {
        const step = await plan.next();
        if (step.done === true) {
          this.planned = true;
          return;
        }
        this.held = step.value;
      }
      const planned = this.held;
      if (planned.type === "error") {
        this.entries.set(this.next, { file: "", source: "", worker: undefined, batches: [], done: true, error: planned.error });
        this.next += 1;
        this.planned = true;
        return;
      }
      const worker = this.pick();
      if (worker === undefined) return;
      this.held = undefined;
      const id = this.next;
      this.next += 1;
      const { source, ...rest } = planned;
      const task = (rest.type === "lines" ? { ...rest, id, bytes: transferable(rest.bytes) } : { ...rest, id }) as RecordTask;
      this.entries.set(id, { file: task.file, source, worker, batches: [], done: false });
      this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
      worker.postMessage({ type: "task", task }, task.type === "lines" ? [task.bytes.buffer as ArrayBuffer] : []);
    }
  }

  /** Resolves at the next message, error or abort; at once when a failure or abort came while nobody waited. */
  private waitForEvent(): Promise<void> {
    if (this.failure !== undefined || this.options.signal?.aborted === true) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** Yields every task's batches in task order; stops the workers when done, on error or when the consumer stops. */
  async *batches(plan: AsyncIterable<PlannedTask>): AsyncGenerator<OrderedBatch> {
    const iterator = plan[Symbol.asyncIterator]();
    try {
      // Threads start (and load their modules) while the first tasks are planned.
      while (this.workers.length < this.options.workers) this.spawn();
      for (;;) {
        if (this.options.signal?.aborted === true) throw new CancelledError();
        if (this.failure !== undefined) throw this.failure;
        await this.fill(iterator);
        const entry = this.entries.get(this.head);
        if (entry === undefined) {
          if (this.planned) return;
          await this.waitForEvent();
          continue;
        }
        if (entry.error !== undefined) throw entry.error;
        const batch = entry.batches.shift();
        if (batch !== undefined) {
          const bytes = batch.buffer !== undefined ? Buffer.from(batch.buffer, 0, batch.length) : batch.held !== undefined ? this.reorder.read(batch.held) : undefined;
          yield { file: entry.file, source: entry.source, items: batch.items, bytes, base: batch.base };
          // The consumer is done with the bytes.
          if (batch.buffer !== undefined) this.recycle(batch.worker, batch.buffer);
          if (batch.held !== undefined) this.reorder.release(batch.held);
          continue;
        }
        if (entry.done) {
          this.entries.delete(this.head);
          this.head += 1;
          continue;
        }
        await this.waitForEvent();
      }
    } finally {
      await this.close();
      await iterator.return?.();
    }
  }

  /** Terminates the workers and deletes the reorder file. */
  async close(): Promise<void> {
    this.closing = true;
    this.options.signal?.removeEventListener("abort", this.onAbort);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
    await this.reorder.dispose();
  }
}
