// selection.json: the picks of `entropo select` (one rollout per instance) and their summary; one schema for the writer
// (entropo select) and the readers (the report's TTS column, the dashboard). A hand-written file may give only the
// strategy and the picks, or the resolved and instances counts.
import { join } from "node:path";
import { z } from "zod";
import { parseWithSchema } from "../util/jsonl.js";
import { readJsonIfPresent, writeJsonWithSchema } from "./json-file.js";
import { runFiles } from "./layout.js";

const count = z.number().int().nonnegative();
/** A fraction of instances (no upper bound checked: averages of fractions may round just above 1). */
const rate = z.number().nonnegative();

/** The chosen rollout of one instance; `entropo select` adds the run, the candidates and what each filter removed. */
const pickSchema = z.looseObject({
  instance_id: z.string().min(1),
  rollout_index: count,
  resolved: z.boolean().optional(),
  run: z.string().optional(),
  candidates: count.optional(),
  removedByFilter: z.record(z.string(), count).optional(),
  fallbacks: z.array(z.string()).optional(),
});

/** The summary `entropo select` prints and stores (selection/summary.ts): rates are fractions in [0, 1]. */
export const selectionSummarySchema = z.looseObject({
  strategy: z.string().min(1),
  instances: count,
  resolved: count,
  resolveRate: rate,
  pass1Mean: rate,
  pass1Std: z.number().nonnegative(),
  passN: rate,
  rolloutsPerInstance: z.object({ min: count, max: count }),
  removedByFilter: z.record(z.string(), count),
  fallbacks: z.record(z.string(), count),
});

export const selectionFileSchema = z
  .looseObject({
    strategy: z.string().min(1),
    picks: z.array(pickSchema).optional(),
    /** Counts instead of picks (hand-written files). */
    instances: count.optional(),
    resolved: z.number().nonnegative().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    patchMode: z.enum(["r2e", "raw"]).optional(),
    runs: z.array(z.string()).optional(),
    records: count.optional(),
    summary: selectionSummarySchema.optional(),
  })
  .refine((file) => file.picks !== undefined || file.resolved !== undefined, { message: "needs picks (one per instance) or the resolved and instances counts", path: ["picks"] });
export type SelectionFile = z.infer<typeof selectionFileSchema>;

/** Writes selection.json (validated against its schema). */
export async function writeSelectionFile(file: string, value: z.input<typeof selectionFileSchema>): Promise<void> {
  await writeJsonWithSchema(file, selectionFileSchema, value);
}

/** Reads DIR/selection.json when present (undefined otherwise); errors name the file and the field. */
export async function readSelectionFile(runDir: string): Promise<SelectionFile | undefined> {
  const file = join(runDir, runFiles.selection);
  const value = await readJsonIfPresent(file);
  return value === undefined ? undefined : parseWithSchema(selectionFileSchema, value, { file });
}
