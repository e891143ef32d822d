// `entropo train`'s options: one schema for the CLI flags and the pipeline's train stage (`with:`), in train()'s names;
// train() checks the counts' ranges (--nproc >= 1, ...) with the option's name.
import { z } from "zod";
import { optionValue, parseFlags, parseSettings, type SettingsWhere } from "../core/option-schema.js";

const count = () => optionValue.integer(Number.NEGATIVE_INFINITY, "an integer").optional();

/** train()'s options (signal and interpreter aside). */
export const trainOptionsSchema = z.object({
  config: optionValue.text("a LLaMA-Factory YAML config"),
  /** `key=value` overrides of the config, in order. */
  set: optionValue.texts("a list of key=value overrides").default([]),
  nproc: count(),
  nnodes: count(),
  nodeRank: count(),
  masterAddr: z.string().optional(),
  resume: optionValue.flag().optional(),
});
export type TrainOptionValues = z.infer<typeof trainOptionsSchema>;

/** The train stage decides `resume` itself (it continues an interrupted run of the same settings). */
const trainStageSchema = trainOptionsSchema.omit({ resume: true });

/** Reads `entropo train`'s flags (commander's values). */
export function trainOptionsFromFlags(flags: Record<string, unknown>): TrainOptionValues {
  return parseFlags(trainOptionsSchema, flags);
}

/** Reads a train stage's settings (config, set, nproc, nnodes, node_rank, master_addr); errors name the file and the field. */
export function trainOptionsFromSettings(settings: Record<string, unknown>, where: SettingsWhere): z.infer<typeof trainStageSchema> {
  return parseSettings(trainStageSchema, settings, where);
}
