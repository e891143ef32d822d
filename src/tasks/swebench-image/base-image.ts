// Which base image and host interpreter an instance image is built with: a Debian release whose python3 is the
// spec's Python (built offline by scripts/build-suite-base-image.sh) when the host has that Python too, else bookworm.
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { ExternalError } from "../../core/errors.js";
import { baseImage as bookwormImage, projectRoot } from "../../util/paths.js";
import { imageId, imagePythonVersion } from "./docker-build.js";

/** Debian releases by the Python version of their python3. */
const suiteOfPython: Record<string, string> = { "3.9": "bullseye", "3.11": "bookworm", "3.13": "trixie" };

export type BuildEnvironment = {
  /** The base image and its id (part of the recipe key). */
  base: string;
  baseId: string;
  /** major.minor of the image's python3. */
  pythonVersion: string;
  /** Host interpreter of that same version, whose pip downloads the wheels. */
  hostPython: string;
};

/** major.minor of an interpreter, or null when it does not run. */
async function versionOf(python: string): Promise<string | null> {
  const result = await execa(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

/** Interpreters of `version` installed by pyenv ($PYENV_ROOT/versions/<version>.*), newest first. */
function pyenvInterpreters(version: string): string[] {
  const root = process.env.PYENV_ROOT ?? join(homedir(), ".pyenv");
  const versions = existsSync(join(root, "versions")) ? readdirSync(join(root, "versions")).filter((name) => name.startsWith(`${version}.`)) : [];
  return versions
    .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))
    .map((name) => join(root, "versions", name, "bin", `python${version}`))
    .filter((path) => existsSync(path));
}

/** A host interpreter of `version`: the user's --python when it is one, else `python<version>` on PATH or pyenv's. */
async function hostPythonFor(version: string, preferred: string | undefined): Promise<string | null> {
  for (const candidate of [preferred, `python${version}`, ...pyenvInterpreters(version), "python3"]) {
    if (candidate !== undefined && (await versionOf(candidate)) === version) return candidate;
  }
  return null;
}

/** The image of a Debian suite, built (debootstrap, minutes, once) when it is missing or stale. */
async function suiteImage(suite: string, onBuild: (message: string) => void): Promise<string> {
  if (suite === "bookworm") return bookwormImage;
  const image = `entropo/base:${suite}-py3`;
  onBuild(`base image ${image} (scripts/build-suite-base-image.sh ${suite}: debootstrap, minutes, once)`);
  const result = await execa("bash", [join(projectRoot(), "scripts", "build-suite-base-image.sh"), suite], { reject: false, all: true });
  if (result.exitCode !== 0) throw new ExternalError(`building ${image} failed:\n${String(result.all ?? "").split("\n").slice(-15).join("\n")}`);
  return image;
}

/**
 * The base image and host interpreter for an instance whose spec asks for Python `wanted`: `--base-image` when given;
 * else the Debian suite of that Python when the host has it; else bookworm (Python 3.11), which the caller reports.
 */
export async function resolveBuildEnvironment(wanted: string, options: { baseImage?: string; python?: string; onBuild: (message: string) => void }): Promise<BuildEnvironment> {
  let base = options.baseImage;
  if (base === undefined) {
    const suite = suiteOfPython[wanted];
    base = suite !== undefined && (await hostPythonFor(wanted, options.python)) !== null ? await suiteImage(suite, options.onBuild) : bookwormImage;
  }
  const baseId = await imageId(base);
  const pythonVersion = await imagePythonVersion(base);
  const hostPython = await hostPythonFor(pythonVersion, options.python);
  if (hostPython === null) {
    throw new ExternalError(`option --python expects a host interpreter of Python ${pythonVersion} (the image's), to download matching wheels; ${options.python ?? `python${pythonVersion}`} is not one`);
  }
  return { base, baseId, pythonVersion, hostPython };
}
