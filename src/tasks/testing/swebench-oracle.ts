// Test support: the official `swebench` package (5.0.2, and 4.1.0 beside it) answering through python/swebench-oracle.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { projectRoot } from "../../util/paths.js";
import type { SwebenchRow } from "../swebench-row.js";
import type { SwebenchVersion } from "../swebench-version.js";

/** The oracle venv's interpreter (scripts/setup.sh links .venv/swebench-oracle to the venv cached by its lock). */
export const oraclePython = join(projectRoot(), ".venv", "swebench-oracle", "bin", "python");
const oracleScript = join(projectRoot(), "python", "swebench-oracle", "oracle.py");

/** Why the oracle cannot run here, or null when it can. */
export function oracleMissing(): string | null {
  return existsSync(oraclePython) ? null : `${oraclePython} is absent (run bash scripts/setup.sh)`;
}

export type OracleVerdict = { resolved: boolean; found: boolean; statuses: Record<string, string>; error: string | null };

async function ask<T>(request: unknown): Promise<T> {
  const result = await execa(oraclePython, [oracleScript], { input: JSON.stringify(request), maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(result.stdout) as T;
}

/** swebench's get_eval_report verdict (and get_logs_eval's map) for each log. */
export function oracleGrade(version: SwebenchVersion, items: { row: SwebenchRow; log: string }[]): Promise<OracleVerdict[]> {
  return ask({ version, task: "grade", items });
}

/** swebench 4.1.0's eval script for each row (null with an error where it raises). */
export function oracleEvalScripts(rows: SwebenchRow[]): Promise<{ script: string | null; error: string | null }[]> {
  return ask({ version: "4.1.0", task: "eval_script", items: rows.map((row) => ({ row })) });
}

/** swebench 4.1.0's get_requirements for each row, its raw.githubusercontent.com reads served from a local clone. */
export function oracleRequirements(items: { row: SwebenchRow; repoDir: string }[]): Promise<{ requirements: string | null; error: string | null }[]> {
  return ask({ version: "4.1.0", task: "requirements", items: items.map(({ row, repoDir }) => ({ row, repo_dir: repoDir })) });
}

/** swebench 4.1.0's MAP_REPO_VERSION_TO_SPECS for its Python repositories (snake_case keys). */
export function oracleSpecs(): Promise<Record<string, Record<string, Record<string, unknown>>>> {
  return ask({ version: "4.1.0", task: "specs" });
}
