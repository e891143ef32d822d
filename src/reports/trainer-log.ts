// Reads LLaMA-Factory's `trainer_log.jsonl` (plus EntroPO's logged metrics) and finds it next to a run.
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";
import { parseWithSchema, readJsonl } from "../util/jsonl.js";
import type { RunJson } from "../run-dir/run-json.js";
import { runFiles } from "../run-dir/layout.js";

const optionalNumber = z.number().nullable().optional();

/** One line of trainer_log.jsonl: LLaMA-Factory's keys and the EntroPO trainer's extra metrics. */
const trainerLogLineSchema = z.looseObject({
  current_steps: z.number().int().nonnegative(),
  total_steps: z.number().int().nonnegative().optional(),
  loss: optionalNumber,
  lr: optionalNumber,
  epoch: optionalNumber,
  policy_entropy: optionalNumber,
  "policy_entropy/chosen": optionalNumber,
  "policy_entropy/rejected": optionalNumber,
  "rewards/chosen": optionalNumber,
  "rewards/rejected": optionalNumber,
  "rewards/margins": optionalNumber,
  z0: optionalNumber,
});

/** The metrics a report plots, per logged step (missing metrics are undefined). */
export type TrainerLogPoint = {
  step: number;
  loss?: number;
  learningRate?: number;
  policyEntropy?: number;
  /** Entropy on the chosen (DPO) / desirable (KTO) rows' labelled tokens only. */
  policyEntropyChosen?: number;
  /** Entropy on the rejected (DPO) / undesirable (KTO) rows' labelled tokens only. */
  policyEntropyRejected?: number;
  rewardsChosen?: number;
  rewardsRejected?: number;
  rewardsMargins?: number;
  z0?: number;
};

/** `entropo_loss.json`, written beside trainer_log.jsonl by the EntroPO trainer (entropo_trainer/run_info.py). */
const lossRecordSchema = z.looseObject({
  stage: z.string(),
  loss: z.string(),
  entro_alpha: z.number().nullable(),
  pref_beta: z.number(),
  entropo_kto_form: z.enum(["paper", "authors"]).optional(),
});
export type LossRecord = z.infer<typeof lossRecordSchema>;

export type TrainerLog = { path: string; points: TrainerLogPoint[]; loss?: LossRecord };

/** The loss record beside a trainer log, if the EntroPO trainer wrote one; a malformed one names its file. */
async function readLossRecord(logPath: string): Promise<LossRecord | undefined> {
  const file = join(dirname(logPath), "entropo_loss.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  const value = parseJsonDocument(text, file);
  return parseWithSchema(lossRecordSchema, value, { file });
}

/** How a report names the loss of a run: "EntroPO-KTO (authors' form)", "EntroPO-DPO", ... */
export function describeLoss(loss: LossRecord): string {
  const name = loss.loss === "entropo_kto" ? "EntroPO-KTO" : loss.loss === "entropo_dpo" ? "EntroPO-DPO" : loss.loss;
  return loss.entropo_kto_form === undefined ? name : `${name} (${loss.entropo_kto_form === "authors" ? "authors' form" : "paper form"})`;
}

const present = (value: number | null | undefined): number | undefined => (value === null || value === undefined ? undefined : value);

/** Parses a trainer_log.jsonl file; a bad line is an error naming FILE:LINE and field. */
export async function readTrainerLog(path: string): Promise<TrainerLog> {
  const points: TrainerLogPoint[] = [];
  for await (const { record } of readJsonl(path, trainerLogLineSchema)) {
    const point: TrainerLogPoint = { step: record.current_steps };
    const entries: [keyof TrainerLogPoint, number | undefined][] = [
      ["loss", present(record.loss)],
      ["learningRate", present(record.lr)],
      ["policyEntropy", present(record.policy_entropy)],
      ["policyEntropyChosen", present(record["policy_entropy/chosen"])],
      ["policyEntropyRejected", present(record["policy_entropy/rejected"])],
      ["rewardsChosen", present(record["rewards/chosen"])],
      ["rewardsRejected", present(record["rewards/rejected"])],
      ["rewardsMargins", present(record["rewards/margins"])],
      ["z0", present(record.z0)],
    ];
    for (const [key, value] of entries) if (value !== undefined) point[key] = value;
    points.push(point);
  }
  const loss = await readLossRecord(path);
  return loss === undefined ? { path, points } : { path, points, loss };
}

async function kindOf(path: string): Promise<"file" | "directory" | "missing"> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? "directory" : "file";
  } catch {
    return "missing";
  }
}

async function logIn(path: string): Promise<string | undefined> {
  const kind = await kindOf(path);
  if (kind === "file") return path;
  if (kind === "missing") return undefined;
  for (const candidate of [join(path, "trainer_log.jsonl"), join(dirname(path), "trainer_log.jsonl")]) {
    if ((await kindOf(candidate)) === "file") return candidate;
  }
  return undefined;
}

/**
 * Finds the trainer log of a run: run.json's `trainer_log` (must exist), else `train_dir` or `checkpoint` (a directory
 * holding trainer_log.jsonl, or a checkpoint-N folder inside one), else `DIR/trainer_log.jsonl`; undefined if none.
 */
export async function findTrainerLog(runDir: string, metadata: RunJson): Promise<string | undefined> {
  const at = (value: string): string => (isAbsolute(value) ? value : resolve(runDir, value));
  if (metadata.trainer_log !== undefined) {
    const found = await logIn(at(metadata.trainer_log));
    if (found === undefined) {
      throw new InputError(`trainer log ${at(metadata.trainer_log)} does not exist`, { file: join(runDir, runFiles.runJson), field: "trainer_log" });
    }
    return found;
  }
  for (const value of [metadata.train_dir, metadata.checkpoint]) {
    if (value === undefined) continue;
    const found = await logIn(at(value));
    if (found !== undefined) return found;
  }
  return logIn(join(runDir, "trainer_log.jsonl"));
}
