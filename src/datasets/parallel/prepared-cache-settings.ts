// Where the prepared-record cache lives, whether a build uses it and how large it may grow (environment and options).
import { createHash, randomBytes } from "node:crypto";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { badOptionValue } from "../../core/errors.js";
import type { CacheSettings } from "./protocol.js";

/** Default size bound of the cache: 8 GiB. */
const defaultCapMegabytes = 8 * 1024;

/** The cache folder: $ENTROPO_CACHE/data-prepared (default ~/.cache/entropo/data-prepared). */
export function preparedCacheDir(): string {
  return join(process.env.ENTROPO_CACHE ?? join(process.env.HOME ?? tmpdir(), ".cache", "entropo"), "data-prepared");
}

/** The cache settings of one build, or undefined when it is off (`cache: false`, --no-cache, or ENTROPO_DATA_CACHE=0). */
export function preparedCacheSettings(enabled: boolean | undefined): CacheSettings | undefined {
  if (enabled === false || process.env.ENTROPO_DATA_CACHE === "0") return undefined;
  return { dir: preparedCacheDir(), build: buildTag() };
}

/** This machine in build tags: 8 hex digits of its host name's sha256. */
export function hostTag(): string {
  return createHash("sha256").update(hostname()).digest("hex").slice(0, 8);
}

/** A build's tag on its temporary files: `<host>-<pid>-<random>` (see staleTemporary). */
export function buildTag(pid = process.pid): string {
  return `${hostTag()}-${pid}-${randomBytes(4).toString("hex")}`;
}

/** The size bound in bytes: $ENTROPO_DATA_CACHE_MB megabytes (MiB), default 8 GiB. */
export function preparedCacheCap(): number {
  const given = process.env.ENTROPO_DATA_CACHE_MB;
  if (given === undefined || given === "") return defaultCapMegabytes * 1024 * 1024;
  const megabytes = Number(given);
  if (!(Number.isFinite(megabytes) && megabytes >= 0)) throw badOptionValue("ENTROPO_DATA_CACHE_MB", "a non-negative number of megabytes", given);
  return megabytes * 1024 * 1024;
}
