// A worker's side of the prepared-record cache for one task: look up its entry, or record the batches it posts.
import { mkdirSync, statfsSync, type BigIntStats } from "node:fs";
import { dirname, join } from "node:path";
import { EntryWriter, openEntry, type OpenEntry } from "./prepared-cache-entry.js";
import { codeFingerprint, keyedStats, taskKey } from "./prepared-cache-key.js";
import type { PreparedItem, RecordTask, WorkerSettings } from "./protocol.js";

let fingerprint: string | undefined;

/** A task's cache entry path and the input status it was keyed with (undefined for line chunks: their bytes are keyed). */
export type EntryKey = { path: string; stats: BigIntStats | undefined };

/**
 * The entry of a task, or undefined when the cache is off or the task's input cannot be identified. `opened`: the
 * fstat of the descriptor the task will read (whole documents), so the entry is keyed by the very file read.
 */
export function entryKey(task: RecordTask, settings: WorkerSettings, opened?: BigIntStats): EntryKey | undefined {
  const cache = settings.cache;
  if (cache === undefined) return undefined;
  try {
    if (fingerprint === undefined) {
      mkdirSync(cache.dir, { recursive: true });
      fingerprint = codeFingerprint();
    }
    const stats = keyedStats(task, opened);
    return { path: join(cache.dir, taskKey(task, settings, fingerprint, stats)), stats };
  } catch {
    return undefined;
  }
}

/** Below this much free space on the cache's file system no entry is written: the build's own output comes first. */
const minFreeBytes = 1024 * 1024 * 1024;

/** Whether the folder's file system has room for new entries (unknown: no). */
function roomFor(directory: string): boolean {
  try {
    const info = statfsSync(directory);
    return info.bavail * info.bsize >= minFreeBytes;
  } catch {
    return false;
  }
}

/** The open cache entry of a task, or undefined (no entry, or one that is truncated or corrupt: a miss, overwritten). */
export function cachedEntry(path: string | undefined): OpenEntry | undefined {
  return path === undefined ? undefined : openEntry(path);
}

/**
 * Records a task's batches while they are posted; a failure to write only loses the entry (the build goes on). The
 * entry is kept only when the task ends without a `failed` item.
 */
export class TaskRecorder {
  private writer: EntryWriter | undefined;
  private failed = false;

  constructor(path: string | undefined, build: string) {
    if (path === undefined || !roomFor(dirname(path))) return;
    try {
      this.writer = new EntryWriter(path, build);
    } catch {
      this.writer = undefined;
    }
  }

  /** Gives the entry up (the input read was not the one keyed): nothing is kept. */
  discard(): void {
    this.writer?.abort();
    this.writer = undefined;
  }

  /** Appends a batch (the bytes are copied before their buffer is transferred); on the last one, keeps or drops the entry. */
  add(items: PreparedItem[], buffer: ArrayBuffer | null, length: number, last: boolean): void {
    const writer = this.writer;
    if (writer === undefined) return;
    if (items.some((item) => item.type === "failed")) this.failed = true;
    try {
      writer.add(items, buffer === null ? null : new Uint8Array(buffer, 0, length), last);
      if (!last) return;
      if (this.failed) writer.abort();
      else writer.commit();
    } catch {
      writer.abort();
    }
    this.writer = undefined;
  }
}
