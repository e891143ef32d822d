// Wheels for an offline image, downloaded on the host (`pip download`, sdists built with `pip wheel`) into a cache
// folder keyed by what defines them; the image then installs them with PIP_NO_INDEX and --find-links.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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
  /**
   * Requirement lines to fall back to one by one when the set as a whole cannot be downloaded for this Python (a pin
   * with no wheel whose sdist does not build): lines that fail alone are dropped and reported.
   */
  lines?: string[];
};

export type DroppedRequirement = { set: string; requirement: string; reason: string };

export type WheelsOptions = {
  /** Host interpreter whose pip downloads (its Python must match the image's major.minor). */
  python: string;
  cacheDir: string;
  signal?: AbortSignal;
  onProgress?: (detail: string) => void;
};

/** Bump when how wheels are made changes (cached folders of an older recipe are then not reused). */
const recipe = 2;

/** The cache key of wheel sets (their arguments and identities, and the Python they are for). */
export function wheelsKey(sets: WheelSet[], pythonVersion: string): string {
  // A set named by files is keyed by their content (identity), not by their (temporary) paths.
  const hash = createHash("sha256").update(JSON.stringify({ recipe, pythonVersion, sets: sets.map((set) => [set.label, set.identity ?? set.args]) }));
  return hash.digest("hex").slice(0, 16);
}

const sdistPattern = /\.(tar\.gz|zip|tar\.bz2)$/;

/** A failed pip run: its message holds the last lines, `output` all of them. */
class PipFailure extends ExternalError {
  constructor(
    message: string,
    readonly output: string,
    /** The sdist whose wheel did not build, when that was the failure. */
    readonly sdist?: string,
  ) {
    super(message);
  }
}

/** Runs pip on the host; a failure is a PipFailure with pip's last lines. */
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
    throw new PipFailure(`${what} failed (pip exit ${result.exitCode}):\n${tail}`, result.all ?? "");
  }
}

/** Downloads one set into `dir` and builds the sdists it brought into wheels (the image never compiles). */
async function downloadSet(options: WheelsOptions, dir: string, label: string, args: string[]): Promise<void> {
  const before = new Set(await readdir(dir));
  try {
    await pip(options, ["download", "--dest", dir, ...args], `pip download of ${label}`);
    for (const sdist of (await readdir(dir)).filter((name) => sdistPattern.test(name) && !before.has(name))) {
      options.onProgress?.(`pip wheel ${sdist}`);
      // --use-pep517: an isolated build with setuptools and wheel, whatever the host interpreter has installed.
      await pip(options, ["wheel", "--no-deps", "--use-pep517", "--wheel-dir", dir, join(dir, sdist)], `building a wheel of ${sdist} on the host`).catch((error: unknown) => {
        throw error instanceof PipFailure ? new PipFailure(error.message, error.output, sdist) : error;
      });
      await rm(join(dir, sdist));
    }
  } catch (error) {
    for (const name of await readdir(dir)) if (!before.has(name)) await rm(join(dir, name), { force: true });
    throw error;
  }
}

/** The line of a pip failure that says why (an exception, else pip's own error line), for the report. */
function reasonOf(error: unknown): string {
  const lines = (error instanceof PipFailure ? error.output : (error as Error).message).split("\n").map((line) => line.trim());
  const why = lines.find((line) => /^\w*(Error|Exception):/.test(line)) ?? lines.find((line) => line.startsWith("ERROR:")) ?? lines.find((line) => /error/i.test(line));
  return (why ?? "pip failed").slice(0, 200);
}

/** A project name as PEP 503 compares them. */
const normalizedName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, "-");

/** The project name of a requirement line (`Foo_Bar[x]==1.0 ; marker` → `foo-bar`). */
const projectOf = (line: string): string => normalizedName(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line)?.[1] ?? "");

/**
 * The requirement line behind a failure, if it is one of `lines`: the sdist whose wheel did not build, else the
 * requirement pip was collecting when it failed (its last `Collecting <spec>`).
 */
function culpritOf(error: unknown, lines: string[]): string | undefined {
  if (!(error instanceof PipFailure)) return undefined;
  if (error.sdist !== undefined) {
    const project = normalizedName(/^(.+?)-\d/.exec(error.sdist)?.[1] ?? error.sdist);
    return lines.find((line) => projectOf(line) === project);
  }
  const collecting = [...error.output.matchAll(/^Collecting (\S+)/gm)].at(-1)?.[1]?.toLowerCase();
  const spec = (line: string): string => line.split(";")[0]?.trim().replaceAll(" ", "").toLowerCase() ?? "";
  return collecting === undefined ? undefined : lines.find((line) => spec(line) === collecting);
}

/**
 * Downloads requirement `lines` as one set, leaving out the pins that cannot be had on this Python: the pin pip was
 * collecting when it failed is dropped and the rest retried; when pip names none, each line is tried alone.
 */
async function downloadLenient(options: WheelsOptions, dir: string, set: WheelSet, lines: string[], dropped: DroppedRequirement[]): Promise<void> {
  let remaining = [...lines];
  const file = join(dir, ".requirements.txt");
  for (;;) {
    await writeFile(file, remaining.join("\n") + "\n");
    try {
      await downloadSet(options, dir, set.label, ["-r", file]);
      return;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const culprit = culpritOf(error, remaining);
      if (culprit === undefined) break;
      dropped.push({ set: set.label, requirement: culprit, reason: reasonOf(error) });
      remaining = remaining.filter((line) => line !== culprit);
      options.onProgress?.(`${set.label}: ${culprit} cannot be installed here; retrying without it`);
    } finally {
      await rm(file, { force: true });
    }
  }
  for (const line of remaining) {
    try {
      await downloadSet(options, dir, `${set.label}: ${line}`, [line]);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      dropped.push({ set: set.label, requirement: line, reason: reasonOf(error) });
    }
  }
}

/**
 * The folder holding every wheel the sets need (downloaded once per key; sdists are built into wheels on the host, so
 * the image never compiles) and the requirement lines left out. Returns the cached folder when it is complete.
 */
export async function downloadWheels(sets: WheelSet[], pythonVersion: string, options: WheelsOptions): Promise<{ dir: string; cached: boolean; dropped: DroppedRequirement[] }> {
  const dir = join(options.cacheDir, wheelsKey(sets, pythonVersion));
  const droppedFile = join(dir, "dropped.json");
  if (existsSync(join(dir, ".complete"))) {
    return { dir, cached: true, dropped: existsSync(droppedFile) ? (JSON.parse(await readFile(droppedFile, "utf8")) as DroppedRequirement[]) : [] };
  }
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const dropped: DroppedRequirement[] = [];
  for (const set of sets) {
    options.onProgress?.(`pip download ${set.label}`);
    try {
      await downloadSet(options, partial, set.label, set.args);
    } catch (error) {
      if (set.lines === undefined || options.signal?.aborted) throw error;
      const culprit = culpritOf(error, set.lines);
      if (culprit !== undefined) dropped.push({ set: set.label, requirement: culprit, reason: reasonOf(error) });
      options.onProgress?.(`${set.label} does not install as a whole on Python ${pythonVersion}: leaving out what cannot be installed`);
      await downloadLenient(options, partial, set, set.lines.filter((line) => line !== culprit), dropped);
    }
  }
  await writeFile(join(partial, "dropped.json"), JSON.stringify(dropped, null, 2) + "\n");
  await writeFile(join(partial, ".complete"), new Date().toISOString() + "\n");
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { dir, cached: false, dropped };
}
