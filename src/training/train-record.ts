// The record of a training run (entropo-train.json) and the resolved-config copy written into its output directory.
import { existsSync, readFileSync } from "node:fs";
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import { parseJsonDocument } from "../util/json-document.js";
import { parseWithSchema, writeFileAtomic, writeJsonAtomic } from "../util/jsonl.js";
import { projectRoot } from "../util/paths.js";
import { redact } from "../util/redact.js";

/** The record's file in a training output directory (older entropo named it run.json, like a rollout run's). */
export const trainRecordFile = "entropo-train.json";
const legacyTrainRecordFile = "run.json";
/** Where a new run in the same output directory keeps the record and resolved config of the last run that trained. */
export const previousTrainRecordFile = "entropo-train.previous.json";
export const previousResolvedConfigFile = "entropo-config.previous.yaml";

/** EntroPO's settings of a training run (null for a plain LLaMA-Factory run), as entropo_trainer.run_info records them. */
const entropoSettingsSchema = z.object({
  stage: z.string(),
  entro_alpha: z.number().nullable(),
  pref_beta: z.number(),
  /** The EntroPO-KTO form (kto stage only): the paper's equations or the authors' released code. */
  entropo_kto_form: z.enum(["paper", "authors"]).optional(),
  multi_turn_kto: z.boolean().optional(),
});
export type EntropoSettings = z.infer<typeof entropoSettingsSchema>;

/** `entropo-train.json`: one training run of `entropo train` (written at its start and end; one schema for writer and readers). */
export const trainRecordSchema = z.object({
  runId: z.string(),
  command: z.literal("train"),
  configFile: z.string(),
  resolvedConfig: z.string(),
  launcher: z.enum(["bridge", "torchrun"]),
  nproc: z.number().int().positive(),
  nnodes: z.number().int().positive(),
  nodeRank: z.number().int().nonnegative(),
  seed: z.number().int(),
  resumedFrom: z.string().nullable(),
  entropo: entropoSettingsSchema.nullable(),
  versions: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: z.enum(["running", "finished", "interrupted", "failed"]),
  steps: z.number().int().nonnegative().nullable(),
  /** The last training loss logged (null before the first logged step). */
  loss: z.number().nullable().default(null),
  error: z.string().nullable(),
});
export type TrainRecord = z.infer<typeof trainRecordSchema>;

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

/** Writes `<outputDir>/entropo-train.json` atomically, validated against its schema. */
export async function writeTrainRecord(outputDir: string, record: TrainRecord): Promise<void> {
  const file = join(outputDir, trainRecordFile);
  await writeJsonAtomic(file, parseWithSchema(trainRecordSchema, record, { file }));
}

/** Reads a training output directory's record: entropo-train.json, else an older entropo's run.json; null when neither. */
export async function readTrainRecord(outputDir: string): Promise<TrainRecord | null> {
  for (const name of [trainRecordFile, legacyTrainRecordFile]) {
    const file = join(outputDir, name);
    if (!existsSync(file)) continue;
    const value = parseJsonDocument(await readFile(file, "utf8"), file);
    if (name === legacyTrainRecordFile && (typeof value !== "object" || value === null || (value as Record<string, unknown>).command !== "train")) continue;
    return parseWithSchema(trainRecordSchema, value, { file });
  }
  return null;
}

/**
 * Before a new run writes its record: when `<outputDir>/entropo-train.json` records a run that trained (finished or
 * interrupted), moves it and its entropo-config.yaml to entropo-train.previous.json / entropo-config.previous.yaml so a
 * failed new run cannot erase it. Returns a line for the user, or null when there was nothing to keep.
 */
export async function keepPreviousRecord(outputDir: string): Promise<string | null> {
  const file = join(outputDir, trainRecordFile);
  if (!existsSync(file)) return null;
  const parsed = trainRecordSchema.safeParse(safeJson(readFileSync(file, "utf8")));
  if (!parsed.success || (parsed.data.status !== "finished" && parsed.data.status !== "interrupted")) return null;
  await rename(file, join(outputDir, previousTrainRecordFile));
  const config = join(outputDir, "entropo-config.yaml");
  if (existsSync(config)) await rename(config, join(outputDir, previousResolvedConfigFile));
  const { runId, status, steps } = parsed.data;
  return `${outputDir} holds a ${status} run (${runId}, ${steps ?? 0} steps): its record and resolved config are kept as ${previousTrainRecordFile} and ${previousResolvedConfigFile}`;
}

/** JSON.parse that returns undefined for text that is not JSON. */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
