// The schema of `entropo experiment entropy`'s result.json (written by python/entropo_trainer/experiment.py) and its reader.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "../util/json-document.js";
import { parseWithSchema } from "../util/jsonl.js";

const meanStd = z.looseObject({ mean: z.number(), std: z.number() });

/** Entropy, utility, coverage and distributions of one tabular policy (fixed_point.summarize). */
const policySummary = z.looseObject({
  entropy: z.number(),
  expected_utility: z.number(),
  coverage_by_turn: z.array(z.number()),
  trajectory_coverage: z.number(),
  first_turn: z.array(z.number()),
});

const fixedPointRow = z.looseObject({
  alpha: z.number(),
  beta: z.number(),
  turns: z.number().int(),
  entropy: z.number(),
  optimal_entropy: z.number(),
  max_abs_logprob_error: z.number(),
  learned: policySummary,
  optimal: policySummary,
});

const stackCell = z.looseObject({
  alpha: z.number(),
  beta: z.number(),
  loss: z.string(),
  seeds: z.array(z.number().int()),
  mean: z.number(),
  std: z.number(),
  optimal_entropy: z.number(),
  first_turn_coverage: meanStd,
  second_turn_coverage: meanStd,
  trajectory_coverage: meanStd,
  expected_utility: meanStd,
  max_abs_logprob_error: meanStd,
  total_variation: meanStd,
  support_mass: meanStd,
  first_turn: z.array(z.number()),
  optimal_data_entropy: meanStd.optional(),
  total_variation_vs_optimal_data: meanStd.optional(),
  z0_zero_fraction: meanStd.optional(),
});

export const entropyResultSchema = z.looseObject({
  experiment: z.literal("entropy"),
  quick: z.boolean(),
  seconds: z.number(),
  jobs: z.number().int().optional(),
  cpu_count: z.number().int().nullable().optional(),
  fixed_point: z.looseObject({
    max_abs_logprob_error: z.number(),
    tolerance: z.number(),
    beta: z.number(),
    entropy_by_alpha: z.array(fixedPointRow).min(1),
    reference: z.record(z.string(), policySummary),
    actions: z.array(z.string()).min(1),
  }),
  stack: z
    .looseObject({
      entropy_by_alpha: z.array(stackCell),
      reference: policySummary.extend({ support_mass: z.number() }),
      optimal: z.record(z.string(), policySummary),
      settings: z.looseObject({ steps: z.number().int(), pairs: z.number().int(), batch_size: z.number().int(), learning_rate: z.number() }),
    })
    .nullable(),
});

export type EntropyResult = z.infer<typeof entropyResultSchema>;
export type StackCell = z.infer<typeof stackCell>;

/** Reads and validates a result.json; errors name the file and the field. */
export async function readEntropyResult(file: string): Promise<EntropyResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError("entropy experiment result not found", { file, hint: "run `entropo experiment entropy --quick --out DIR` first" });
  }
  const value = parseJsonDocument(text, file);
  return parseWithSchema(entropyResultSchema, value, { file });
}
