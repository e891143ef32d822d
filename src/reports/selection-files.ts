// Readers for the selection engine's outputs in a run directory: selection.json (TTS picks) and best-of-k.json (curves).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseWithSchema } from "../util/jsonl.js";

const pickSchema = z.looseObject({ instance_id: z.string().min(1), rollout_index: z.number().int().nonnegative(), resolved: z.boolean().optional() });

/** selection.json: the strategy, and either the picked rollout per instance or the resolved/instances counts. */
const selectionFileSchema = z.looseObject({
  strategy: z.string().min(1).optional(),
  picks: z.array(pickSchema).optional(),
  predictions: z.array(pickSchema).optional(),
  instances: z.number().int().nonnegative().optional(),
  resolved: z.number().nonnegative().optional(),
});
export type SelectionFile = z.infer<typeof selectionFileSchema>;

const curvePointSchema = z
  .looseObject({ k: z.number().int().positive(), rate: z.number().optional(), resolve_rate: z.number().optional() })
  .refine((point) => point.rate !== undefined || point.resolve_rate !== undefined, { message: "needs rate (percent)", path: ["rate"] });

const namedCurveSchema = z.looseObject({ strategy: z.string().min(1), points: z.array(curvePointSchema).min(1) });

/** best-of-k.json: resolve rate (percent) at each K per strategy, and the selector ablation (each filter removed). */
export const bestOfKFileSchema = z.looseObject({
  n: z.number().int().positive().optional(),
  curves: z.union([z.array(namedCurveSchema), z.record(z.string(), z.array(curvePointSchema).min(1))]),
  ablation: z.array(z.looseObject({ name: z.string().min(1), rate: z.number(), base: z.string().optional(), baseRate: z.number().optional() })).optional(),
});

export type StrategyCurve = { strategy: string; points: { k: number; rate: number }[] };
/** Ablation entries: a selector variant's rate at K = N, and the full selector it was derived from. */
export type AblationEntry = { name: string; rate: number; base?: string; baseRate?: number };
export type BestOfKData = { curves: StrategyCurve[]; ablation: AblationEntry[] };

async function readOptionalJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(`cannot read (${(error as Error).message})`, { file });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON (${(error as Error).message})`, { file });
  }
}

/** Reads DIR/selection.json when present. */
export async function readSelectionFile(runDir: string): Promise<SelectionFile | undefined> {
  const file = join(runDir, "selection.json");
  const value = await readOptionalJson(file);
  return value === undefined ? undefined : parseWithSchema(selectionFileSchema, value, { file });
}

/** Reads DIR/best-of-k.json when present, normalised to a list of curves. */
export async function readBestOfKFile(runDir: string): Promise<BestOfKData | undefined> {
  const file = join(runDir, "best-of-k.json");
  const value = await readOptionalJson(file);
  if (value === undefined) return undefined;
  const parsed = parseWithSchema(bestOfKFileSchema, value, { file });
  const named = Array.isArray(parsed.curves)
    ? parsed.curves
    : Object.entries(parsed.curves).map(([strategy, points]) => ({ strategy, points }));
  const curves = named.map(({ strategy, points }) => ({
    strategy,
    points: points.map((point) => ({ k: point.k, rate: point.rate ?? point.resolve_rate ?? 0 })).sort((a, b) => a.k - b.k),
  }));
  const ablation = (parsed.ablation ?? []).map(({ name, rate, base, baseRate }): AblationEntry => ({
    name,
    rate,
    ...(base === undefined ? {} : { base }),
    ...(baseRate === undefined ? {} : { baseRate }),
  }));
  return { curves, ablation };
}
