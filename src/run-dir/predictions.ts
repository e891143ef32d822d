// SWE-bench predictions ({instance_id, model_name_or_path, model_patch}, as the official harness reads them): one schema
// for both writers (`entropo select`, which adds the picked rollout_index, and `entropo predictions`) and the readers.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";
import { parseWithSchema, writeFileAtomic } from "../util/jsonl.js";

export const predictionSchema = z.looseObject({
  instance_id: z.string().min(1),
  model_name_or_path: z.string(),
  model_patch: z.string(),
  /** The rollout the prediction came from (entropo's addition; the harness ignores it). */
  rollout_index: z.number().int().nonnegative().optional(),
});
export type Prediction = z.infer<typeof predictionSchema>;

const asJsonArray = (file: string): boolean => file.endsWith(".json");

/** Writes predictions atomically: JSONL, or a JSON array when the file name ends in `.json`; each one validated. */
export async function writePredictionsFile(file: string, predictions: readonly Prediction[]): Promise<void> {
  predictions.forEach((prediction, index) => parseWithSchema(predictionSchema, prediction, { file, line: index + 1 }));
  const text = asJsonArray(file) ? JSON.stringify(predictions, null, 2) + "\n" : predictions.map((prediction) => JSON.stringify(prediction) + "\n").join("");
  await writeFileAtomic(file, text);
}

/** Reads a predictions file (JSONL, or a JSON array for `.json`); errors name the file, the line (or item) and the field. */
export async function readPredictionsFile(file: string): Promise<Prediction[]> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new InputError(`cannot read predictions (${(error as Error).message})`, { file });
  });
  const parse = (source: string, line: number): unknown => {
    try {
      return JSON.parse(source) as unknown;
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message})`, { file, line });
    }
  };
  if (asJsonArray(file)) {
    const value = parseJsonDocument(text, file);
    if (!Array.isArray(value)) throw new InputError("expected a JSON array of predictions", { file });
    return value.map((item, index) => parseWithSchema(predictionSchema, item, { file, line: index + 1 }));
  }
  return text.split("\n").flatMap((line, index) => (line.trim() === "" ? [] : [parseWithSchema(predictionSchema, parse(line, index + 1), { file, line: index + 1 })]));
}
