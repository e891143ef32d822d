// A worker's side of the prepared-record cache for one task: look up its entry, or record the batches it posts.
import { fstatSync, linkSync, mkdirSync, rmSync, statfsSync, statSync, type BigIntStats } from "node:fs";
import { dirname, join } from "node:path";
import { EntryWriter, openEntry, temporaryName, type OpenEntry } from "./prepared-cache-entry.js";
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

/** Entries holding fewer bytes than this are read and posted: opening a file on the main thread costs more. */
export const minReferencedBytes = 1 << 20;

/**
 * A build-private hard link to the open entry (a temporary name of this build: removed when the build ends), or
 * undefined when none can be made or the path no longer names the file opened (replaced meanwhile). The main thread
 * reads the entry's bytes through it; an entry is never changed in place (written whole, then renamed), and the
 * link keeps the file even when the size bound removes the entry.
 */
export function linkEntry(entry: OpenEntry, path: string, build: string): string | undefined {
  const bytes = entry.batches.reduce((sum, batch) => sum + (batch.bytes?.length ?? 0), 0);
  if (bytes < minReferencedBytes) return undefined;
  const link = temporaryName(path, build);
  try {
    linkSync(path, link);
    const opened = fstatSync(entry.fd, { bigint: true });
    const linked = statSync(link, { bigint: true });
    if (opened.dev === linked.dev && opened.ino === linked.ino) return link;
  } catch {
    // No hard links on this file system, or the entry went away: its bytes are posted.
  }
  rmSync(link, { force: true });
  return undefined;
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
