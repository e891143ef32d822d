// Wheels for an offline image, downloaded on the host (`pip download`, sdists built with `pip wheel`) into a cache
// folder keyed by what defines them; the image then installs them with PIP_NO_INDEX and --find-links.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ExternalError } from "../../core/errors.js";

export type WheelSet = {
  /** What the set is, for progress and errors ("requirements.txt", "pip_packages", ...). */
  label: string;
  /** Arguments after `pip download` (requirement specifiers, `-r FILE`, a local project path). */
  args: string[];
  /** Text that identifies the set in the cache key when `args` name files (their content). */
  identity?: string;
};

export type WheelsOptions = {
  /** Host interpreter whose pip downloads (its Python must match the image's major.minor). */
  python: string;
  cacheDir: string;
  signal?: AbortSignal;
  onProgress?: (detail: string) => void;
};

/** The cache key of wheel sets (their arguments and identities, and the Python they are for). */
export function wheelsKey(sets: WheelSet[], pythonVersion: string): string {
  const hash = createHash("sha256").update(JSON.stringify({ pythonVersion, sets: sets.map((set) => [set.label, set.args, set.identity ?? null]) }));
  return hash.digest("hex").slice(0, 16);
}

const sdistPattern = /\.(tar\.gz|zip|tar\.bz2)$/;

/** Runs pip on the host; a failure is an ExternalError with pip's last lines. */
async function pip(options: WheelsOptions, args: string[], what: string): Promise<void> {
  const result = await execa(options.python, ["-m", "pip", ...args], {
    reject: false,
    cancelSignal: options.signal,
    env: { PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_PROGRESS_BAR: "off" },
    all: true,
  });
  if (result.isCanceled) throw new ExternalError(`${what}: cancelled`);
  if (result.exitCode !== 0) {
    const tail = (result.all ?? "").split("\n").filter((line) => !line.includes("is ignored: it is neither")).slice(-12).join("\n");
    throw new ExternalError(`${what} failed (pip exit ${result.exitCode}):\n${tail}`);
  }
}

/**
 * The folder holding every wheel the sets need (downloaded once per key; sdists are built into wheels on the host, so
 * the image never compiles). Returns the cached folder when it is complete.
 */
export async function downloadWheels(sets: WheelSet[], pythonVersion: string, options: WheelsOptions): Promise<{ dir: string; cached: boolean }> {
  const dir = join(options.cacheDir, wheelsKey(sets, pythonVersion));
  if (existsSync(join(dir, ".complete"))) return { dir, cached: true };
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  for (const set of sets) {
    options.onProgress?.(`pip download ${set.label}`);
    await pip(options, ["download", "--dest", partial, ...set.args], `pip download of ${set.label}`);
  }
  for (const sdist of (await readdir(partial)).filter((name) => sdistPattern.test(name))) {
    options.onProgress?.(`pip wheel ${sdist}`);
    await pip(options, ["wheel", "--no-deps", "--wheel-dir", partial, join(partial, sdist)], `building a wheel of ${sdist} on the host`);
    await rm(join(partial, sdist));
  }
  await writeFile(join(partial, ".complete"), new Date().toISOString() + "\n");
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { dir, cached: false };
}
