// The project's training Python: a fast interpreter check (with a fix) and the environment its processes get.
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { ExternalError } from "../core/errors.js";
import { projectRoot } from "../util/paths.js";

const probe = `
import json, platform, importlib.util as u
from importlib.metadata import version, PackageNotFoundError
def v(n):
    try: return version(n)
    except PackageNotFoundError: return None
print(json.dumps({"python": platform.python_version(), "entropo_trainer": u.find_spec("entropo_trainer") is not None,
  **{n: v(n) for n in ("torch", "transformers", "llamafactory", "trl", "peft", "accelerate", "datasets")}}))
`;

export type StackVersions = Record<string, string | boolean | null>;

/** The variables training processes get on top of ours: project python/ on PYTHONPATH, unbuffered output. */
export function trainingEnvOverrides(extra: Record<string, string> = {}): Record<string, string> {
  const pythonPath = [join(projectRoot(), "python"), process.env.PYTHONPATH].filter((part) => part).join(delimiter);
  return {
    PYTHONPATH: pythonPath,
    PYTHONUNBUFFERED: "1",
    DISABLE_VERSION_CHECK: process.env.DISABLE_VERSION_CHECK ?? "1",
    TOKENIZERS_PARALLELISM: process.env.TOKENIZERS_PARALLELISM ?? "false",
    ...extra,
  };
}

/** The full environment of a training process: ours plus trainingEnvOverrides(extra). */
export function trainingEnv(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { ...inherited, ...trainingEnvOverrides(extra) };
}

/** Checks the interpreter runs and has LLaMA-Factory, torch and entropo_trainer; returns their versions. */
export async function checkTrainingPython(python: string): Promise<StackVersions> {
  const hint = "run scripts/setup.sh (creates .venv with torch and LLaMA-Factory 0.9.5) or point ENTROPO_PYTHON at such an interpreter";
  if (!existsSync(python)) throw new ExternalError(`training Python not found: ${python}`, { code: "PYTHON_MISSING", hint });
  const result = await execa(python, ["-c", probe], { env: trainingEnv(), reject: false, timeout: 60_000 });
  let versions: StackVersions | undefined;
  try {
    versions = JSON.parse(result.stdout) as StackVersions;
  } catch {
    versions = undefined;
  }
  if (result.exitCode !== 0 || versions === undefined) {
    throw new ExternalError(`${python} does not run as a Python 3 interpreter: ${(result.stderr || result.stdout).slice(-300)}`, { code: "PYTHON_BROKEN", hint });
  }
  const missing = ["torch", "llamafactory", "entropo_trainer"].filter((name) => !versions[name]);
  if (missing.length > 0) throw new ExternalError(`${python} lacks ${missing.join(", ")}`, { code: "PYTHON_INCOMPLETE", hint });
  return versions;
}
