// best-of-k.json: the best-of-K analysis of `entropo select` (expected resolve rate per strategy and K, pass@K, the
// selector ablation); one schema for the writer and the readers (the report's Figures 2 and 3). A hand-written file
// needs only curves[] (strategy, points of k and rate) and optionally ablation[] (name, rate).
import { join } from "node:path";
import { z } from "zod";
import { parseWithSchema } from "../util/jsonl.js";
import { readJsonIfPresent, writeJsonWithSchema } from "./json-file.js";
import { runFiles } from "./layout.js";

/** Percent of instances resolved (no upper bound checked: sums of fractions may round just above 100). */
const percent = z.number().nonnegative();

const pointSchema = z.looseObject({
  k: z.number().int().positive(),
  /** Mean resolve rate (percent) over the bootstrap trials. */
  rate: percent,
  std: z.number().nonnegative().optional(),
  /** Exact expectation (percent) over random K-subsets; null where it depends on K (r2e-hybrid). */
  exact: percent.nullable().optional(),
});

const ablationSchema = z.looseObject({
  name: z.string().min(1),
  rate: percent,
  base: z.string().optional(),
  baseRate: percent.optional(),
  removedFilter: z.string().optional(),
  delta: z.number().optional(),
});

export const bestOfKFileSchema = z.looseObject({
  instances: z.number().int().nonnegative().optional(),
  /** Largest K. */
  n: z.number().int().positive().optional(),
  trials: z.number().int().nonnegative().optional(),
  bootstrapSeed: z.number().int().optional(),
  passAtK: z.array(z.looseObject({ k: z.number().int().positive(), rate: percent })).optional(),
  curves: z.array(z.looseObject({ strategy: z.string().min(1), points: z.array(pointSchema).min(1) })),
  ablation: z.array(ablationSchema).optional(),
});
export type BestOfKFile = z.infer<typeof bestOfKFileSchema>;

/** Writes best-of-k.json (validated against its schema). */
export async function writeBestOfKFile(file: string, value: z.input<typeof bestOfKFileSchema>): Promise<void> {
  await writeJsonWithSchema(file, bestOfKFileSchema, value);
}

/** Reads DIR/best-of-k.json when present (undefined otherwise); errors name the file and the field. */
export async function readBestOfKFile(runDir: string): Promise<BestOfKFile | undefined> {
  const file = join(runDir, runFiles.bestOfK);
  const value = await readJsonIfPresent(file);
  return value === undefined ? undefined : parseWithSchema(bestOfKFileSchema, value, { file });
}
