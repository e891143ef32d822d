// run.json and the resolved-config copy written into a training run's output directory.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { writeFileAtomic, writeJsonAtomic } from "../util/jsonl.js";
import { projectRoot } from "../util/paths.js";
import { redact } from "../util/redact.js";

export type RunRecord = {
  runId: string;
  command: "train";
  configFile: string;
  resolvedConfig: string;
  launcher: "bridge" | "torchrun";
  nproc: number;
  nnodes: number;
  nodeRank: number;
  seed: number;
  resumedFrom: string | null;
  /** EntroPO's settings (null for a plain LLaMA-Factory run), as entropo_trainer.run_info records them. */
  entropo: EntropoSettings | null;
  versions: Record<string, string | boolean | null>;
  startedAt: string;
  endedAt: string | null;
  status: "running" | "finished" | "interrupted" | "failed";
  steps: number | null;
  error: string | null;
};

export type EntropoSettings = {
  stage: string;
  entro_alpha: number | null;
  pref_beta: number;
  /** The EntroPO-KTO form (kto stage only): the paper's equations or the authors' released code. */
  entropo_kto_form?: "paper" | "authors";
  multi_turn_kto?: boolean;
};

/** The EntroPO settings of resolved training arguments (LLaMA-Factory's defaults for unset keys). */
export function entropoSettings(args: Record<string, unknown>): EntropoSettings | null {
  const alpha = typeof args.entro_alpha === "number" ? args.entro_alpha : null;
  const multiTurnKto = args.multi_turn_kto === true;
  if (alpha === null && !multiTurnKto) return null;
  const stage = typeof args.stage === "string" ? args.stage : "sft";
  const settings: EntropoSettings = { stage, entro_alpha: alpha, pref_beta: typeof args.pref_beta === "number" ? args.pref_beta : 0.1 };
  if (stage === "kto") {
    settings.entropo_kto_form = args.entropo_kto_form === "authors" ? "authors" : "paper";
    settings.multi_turn_kto = multiTurnKto;
  }
  return settings;
}

/** entropo's own version (package.json). */
export function entropoVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** Writes the resolved config (secrets redacted) to `<outputDir>/entropo-config.yaml`; returns the keys redacted. */
export async function writeResolvedConfig(outputDir: string, args: Record<string, unknown>): Promise<{ file: string; redactedKeys: string[] }> {
  const file = join(outputDir, "entropo-config.yaml");
  const safe = redact(args);
  const redactedKeys = Object.keys(args).filter((key) => JSON.stringify(safe[key]) !== JSON.stringify(args[key]));
  await writeFileAtomic(file, `# Resolved by entropo train (absolute paths, --set applied). Secrets redacted.\n${stringify(safe)}`);
  return { file, redactedKeys };
}

/** Writes `<outputDir>/run.json`. */
export async function writeRunRecord(outputDir: string, record: RunRecord): Promise<void> {
  await writeJsonAtomic(join(outputDir, "run.json"), record);
}
