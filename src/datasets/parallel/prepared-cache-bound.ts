// Keeps the prepared-record cache under its size bound (least recently used entries go first) and removes the
// temporary files a build left (a cancelled build's workers are terminated mid-task).
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** Temporary files older than this are left by a build that was killed (its own are removed when it ends). */
const staleTemporaryMs = 24 * 3600 * 1000;

/** Removes the temporary files of build `build` (all its workers have exited). */
export async function removeTemporary(dir: string, build: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.includes(`.tmp-${build}-`)).map((name) => rm(join(dir, name), { force: true })));
}

/**
 * Deletes the least recently used entries (by modification time, touched on every hit) until the folder holds at most
 * `cap` bytes, and temporary files a killed build left a day ago or more; returns how many entries it deleted.
 */
export async function boundCache(dir: string, cap: number, now: number = Date.now()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: Array<{ path: string; size: number; used: number }> = [];
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile() !== true) continue;
    if (!name.includes(".tmp-")) entries.push({ path: join(dir, name), size: info.size, used: info.mtimeMs });
    else if (now - info.mtimeMs > staleTemporaryMs) await rm(join(dir, name), { force: true });
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
