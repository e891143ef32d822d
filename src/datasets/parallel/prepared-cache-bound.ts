// Keeps the prepared-record cache under its size bound (least recently used entries go first) and removes the
// temporary files a build left (a cancelled build's workers are terminated mid-task).
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { processAlive } from "../../util/process-alive.js";
import { hostTag } from "./prepared-cache-settings.js";

/** Temporary files older than this are left by a build that was killed (its own are removed when it ends). */
const staleTemporaryMs = 24 * 3600 * 1000;

/**
 * Whether a temporary file was left by a build that is gone: one of this machine (its tag, see buildTag) whose process
 * no longer runs, or any a day old. Age alone misses a link to an entry (it shares the entry's times, touched on hits).
 */
export function staleTemporary(name: string, modifiedMs: number, now: number): boolean {
  const tag = /\.tmp-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}-/.exec(name);
  if (tag !== null && tag[1] === hostTag() && !processAlive(Number(tag[2]))) return true;
  return now - modifiedMs > staleTemporaryMs;
}

/** Removes the temporary files of build `build` (all its workers have exited). */
export async function removeTemporary(dir: string, build: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.includes(`.tmp-${build}-`)).map((name) => rm(join(dir, name), { force: true })));
}

/**
 * Deletes the least recently used entries (by modification time, touched on every hit) until the folder holds at most
 * `cap` bytes, and temporary files of killed builds (see staleTemporary); returns how many entries it deleted.
 */
export async function boundCache(dir: string, cap: number, now: number = Date.now()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: Array<{ path: string; size: number; used: number }> = [];
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile() !== true) continue;
    if (!name.includes(".tmp-")) entries.push({ path: join(dir, name), size: info.size, used: info.mtimeMs });
    else if (staleTemporary(name, info.mtimeMs, now)) await rm(join(dir, name), { force: true });
  }
  let total = entries.reduce((sum, entry) => sum + entry.size, 0);
  let removed = 0;
  entries.sort((a, b) => a.used - b.used);
  for (const entry of entries) {
    if (total <= cap) break;
    await rm(entry.path, { force: true });
    total -= entry.size;
    removed += 1;
  }
  return removed;
}
