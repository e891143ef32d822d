// Keys of the prepared-record cache: the code that prepares records, the build's settings and the task's input.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, realpathSync, statSync, type BigIntStats } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { RecordTask, WorkerSettings } from "./protocol.js";

/** Bumped whenever the entry format or the meaning of a key changes. */
export const cacheFormatVersion = 2;

/** Source (`.ts`, tests aside) or compiled (`.js`) files of the code tree that holds `module`, sorted by path. */
function codeFiles(root: string, extension: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(extension) || entry.name.endsWith(`.test${extension}`)) continue;
    files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

/** The nearest folder above `directory` that holds package.json (the package root). */
function packageRoot(directory: string): string {
  let current = directory;
  while (dirname(current) !== current) {
    try {
      statSync(join(current, "package.json"));
      return current;
    } catch {
      current = dirname(current);
    }
  }
  return directory;
}

/**
 * sha256 of everything that decides how records are prepared: every file of the code tree this module runs from
 * (dist/*.js, or src/*.ts when run from source), package.json and package-lock.json (dependency versions, e.g. the
 * parquet reader) and the Node version. Any change to the code gives new keys. `moduleUrl`: for tests.
 */
export function codeFingerprint(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  // This module lies at <tree>/datasets/parallel/.
  const tree = dirname(dirname(here));
  const extension = moduleUrl.endsWith(".ts") ? ".ts" : ".js";
  const hash = createHash("sha256").update(`entropo-prepared-cache ${cacheFormatVersion} ${process.version}\n`);
  for (const file of codeFiles(tree, extension)) hash.update(`${relative(tree, file)}\n`).update(readFileSync(file));
  const root = packageRoot(tree);
  for (const name of ["package.json", "package-lock.json"]) {
    try {
      hash.update(`${name}\n`).update(readFileSync(join(root, name)));
    } catch {
      hash.update("absent\n");
    }
  }
  return hash.digest("hex");
}

/** What identifies a file's contents without reading it: size, times, inode and device. */
function statsIdentity(info: BigIntStats): string[] {
  return [String(info.size), String(info.mtimeNs), String(info.ctimeNs), String(info.ino), String(info.dev)];
}

/** Whether two statuses are of the same file in the same state (the one keyed and the one read). */
export function sameFileState(a: BigIntStats, b: BigIntStats): boolean {
  return statsIdentity(a).join() === statsIdentity(b).join();
}

/** The status of a file task's input as it is keyed: `opened` (fstat of the descriptor the task reads), else a stat. */
export function keyedStats(task: RecordTask, opened?: BigIntStats): BigIntStats | undefined {
  if (task.type === "lines") return undefined;
  return opened ?? statSync(task.file, { bigint: true });
}

/** The task's input: the file as named (errors name it), its line chunk's bytes (hashed), or its identity and row group. */
function inputIdentity(task: RecordTask, stats: BigIntStats | undefined): string {
  if (task.type === "lines") return JSON.stringify(["lines", task.file, task.firstLine, createHash("sha256").update(task.bytes).digest("hex")]);
  const identity = [realpathSync(task.file), ...statsIdentity(stats as BigIntStats)];
  if (task.type === "parquet") return JSON.stringify(["parquet", task.file, identity, task.rowGroup, task.firstRow]);
  return JSON.stringify(["file", task.file, identity]);
}

/** The settings that decide how records are prepared (the cache's own settings are not among them). */
function settingsIdentity(settings: WorkerSettings): string {
  const { cache: _cache, ...rest } = settings;
  return JSON.stringify(rest);
}

/**
 * The cache key of a task (hex sha256) from its input's status (`stats`, see keyedStats); throws when a file's real
 * path cannot be found (the task then runs uncached).
 */
export function taskKey(task: RecordTask, settings: WorkerSettings, fingerprint: string, stats: BigIntStats | undefined): string {
  return createHash("sha256").update(`${cacheFormatVersion}\n${fingerprint}\n${settingsIdentity(settings)}\n${inputIdentity(task, stats)}`).digest("hex");
}
