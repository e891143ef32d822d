// Health checks of the stack (Node, venv + LLaMA-Factory, Docker + base image, disk, GPU), each with a concrete fix.
import { existsSync } from "node:fs";
import { statfs } from "node:fs/promises";
import Docker from "dockerode";
import { execa } from "execa";
import { baseImage, projectPython, projectRoot } from "../util/paths.js";

export type CheckStatus = "ok" | "warn" | "fail";
export type CheckRow = { name: string; status: CheckStatus; detail: string; fix: string | null };

const pythonProbe = `
import json, importlib
out = {}
for name in ["torch", "torchvision", "torchaudio", "transformers", "trl", "peft", "datasets", "accelerate", "llamafactory", "entropo_trainer"]:
    try:
        module = importlib.import_module(name)
        out[name] = getattr(module, "__version__", "installed")
    except Exception as error:
        out[name] = "ERROR: " + type(error).__name__ + ": " + str(error)[:200]
try:
    import torch
    out["cuda"] = torch.cuda.device_count() if torch.cuda.is_available() else 0
    out["cuda_name"] = torch.cuda.get_device_name(0) if out["cuda"] else None
except Exception:
    out["cuda"] = 0
print(json.dumps(out))
`;

/** Node.js must be 20.19 or newer. */
export function checkNode(version = process.versions.node): CheckRow {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const ok = major > 20 || (major === 20 && minor >= 19);
  return { name: "node", status: ok ? "ok" : "fail", detail: `v${version}`, fix: ok ? null : "install Node.js 20.19 or newer" };
}

/** Imports the Python stack in the project venv and reports versions (and the GPU through torch). */
async function checkPython(python = projectPython()): Promise<CheckRow[]> {
  const fix = "run `bash scripts/setup.sh` (creates the cached venv and links it as .venv)";
  if (!existsSync(python)) return [{ name: "python venv", status: "fail", detail: `${python} not found`, fix }];
  let versions: Record<string, string | number | null>;
  try {
    const { stdout } = await execa(python, ["-c", pythonProbe], {
      timeout: 180_000,
      env: { HF_HUB_OFFLINE: "1", DISABLE_VERSION_CHECK: "1", PYTHONWARNINGS: "ignore" },
    });
    versions = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Record<string, string | number | null>;
  } catch (error) {
    return [{ name: "python venv", status: "fail", detail: `probe failed: ${(error as Error).message.slice(0, 200)}`, fix }];
  }
  const rows: CheckRow[] = [{ name: "python venv", status: "ok", detail: python, fix: null }];
  for (const name of ["torch", "torchaudio", "transformers", "trl", "peft", "llamafactory", "entropo_trainer"]) {
    const value = String(versions[name] ?? "missing");
    const broken = value.startsWith("ERROR") || value === "missing";
    rows.push({ name: `  ${name}`, status: broken ? "fail" : "ok", detail: value, fix: broken ? fix : null });
  }
  const cuda = Number(versions.cuda ?? 0);
  rows.push({
    name: "gpu",
    status: "ok",
    detail: cuda > 0 ? `${cuda} × ${String(versions.cuda_name)}` : "none (CPU training only: tiny configs)",
    fix: null,
  });
  return rows;
}

/** The Docker engine answers and the base sandbox image exists. */
export async function checkDocker(docker = new Docker()): Promise<CheckRow[]> {
  try {
    const info = (await docker.version()) as { Version?: string };
    const rows: CheckRow[] = [{ name: "docker engine", status: "ok", detail: `Engine ${info.Version ?? "?"}`, fix: null }];
    try {
      await docker.getImage(baseImage).inspect();
      rows.push({ name: "base image", status: "ok", detail: baseImage, fix: null });
    } catch {
      rows.push({ name: "base image", status: "fail", detail: `${baseImage} missing`, fix: "run `bash scripts/build-base-image.sh`" });
    }
    return rows;
  } catch (error) {
    return [
      {
        name: "docker engine",
        status: "fail",
        detail: `not reachable (${(error as Error).message.slice(0, 120)})`,
        fix: "run `bash scripts/setup.sh` (installs docker.io and starts dockerd), or set DOCKER_HOST",
      },
    ];
  }
}

/** At least 10 GiB free where runs are written. */
export async function checkDisk(directory = projectRoot()): Promise<CheckRow> {
  const stats = await statfs(directory);
  const freeGiB = (stats.bavail * stats.bsize) / 1024 ** 3;
  const status: CheckStatus = freeGiB >= 10 ? "ok" : freeGiB >= 2 ? "warn" : "fail";
  return {
    name: "disk",
    status,
    detail: `${freeGiB.toFixed(1)} GiB free at ${directory}`,
    fix: status === "ok" ? null : "free disk space (Docker images and checkpoints need several GiB): `docker system prune`",
  };
}

/** Runs every check. */
export async function runDoctor(options: { python?: string; docker?: Docker } = {}): Promise<CheckRow[]> {
  const [python, docker, disk] = await Promise.all([checkPython(options.python), checkDocker(options.docker), checkDisk()]);
  return [checkNode(), ...python, ...docker, disk];
}

/** True when no row failed. */
export function isHealthy(rows: CheckRow[]): boolean {
  return rows.every((row) => row.status !== "fail");
}

/** Renders the rows as an aligned text table with a fix column for failing rows. */
export function formatDoctorTable(rows: CheckRow[]): string {
  const mark = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;
  const width = Math.max(...rows.map((row) => row.name.length));
  const lines = rows.map((row) => `${mark[row.status]}  ${row.name.padEnd(width)}  ${row.detail}${row.fix ? `\n      fix: ${row.fix}` : ""}`);
  return [...lines, isHealthy(rows) ? "stack usable" : "stack NOT usable: apply the fixes above"].join("\n");
}
