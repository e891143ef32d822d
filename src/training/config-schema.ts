// The zod schema of a training config: LLaMA-Factory's own keys plus entropo_trainer's, typed, with EntroPO's rules.
import { z } from "zod";
import { closestKey, keyKind, kindMismatch } from "./config-keys.js";

/** LLaMA-Factory's default of pref_beta (hparams/finetuning_args.py). */
const defaultPrefBeta = 0.1;
/** entropo_kto_form's choices (entropo_trainer.args.KTO_FORMS). */
const ktoForms = ["paper", "authors"];
/** pref_loss's choices: LLaMA-Factory 0.9.5's (hparams/finetuning_args.py) plus entropo (entropo_trainer.args.PREF_LOSSES). */
const prefLosses = ["sigmoid", "hinge", "ipo", "kto_pair", "orpo", "simpo", "entropo"];

/** A training config: every key known, every value of its kind, output_dir set, entro_alpha >= pref_beta. */
export const trainConfigSchema = z.record(z.string(), z.unknown()).superRefine((config, context) => {
  for (const [key, value] of Object.entries(config)) {
    const kind = keyKind(key);
    if (kind === undefined) {
      context.addIssue({ code: "custom", path: [key], message: `unknown key "${key}"; did you mean "${closestKey(key)}"?` });
      continue;
    }
    const expected = kindMismatch(kind, value);
    if (expected !== undefined) {
      context.addIssue({ code: "custom", path: [key], message: `expected ${expected}, received ${JSON.stringify(value)}` });
    }
  }
  if (typeof config.output_dir !== "string" || config.output_dir === "") {
    context.addIssue({ code: "custom", path: ["output_dir"], message: "output_dir is required (where checkpoints and the adapter go)" });
  }
  const loss = config.pref_loss;
  if (typeof loss === "string" && !prefLosses.includes(loss)) {
    context.addIssue({ code: "custom", path: ["pref_loss"], message: `expected one of ${prefLosses.join(", ")}, received ${JSON.stringify(loss)}` });
  }
  const form = config.entropo_kto_form;
  if (typeof form === "string" && !ktoForms.includes(form)) {
    context.addIssue({ code: "custom", path: ["entropo_kto_form"], message: `expected one of ${ktoForms.join(", ")}, received ${JSON.stringify(form)}` });
  }
  const alpha = config.entro_alpha;
  const beta = typeof config.pref_beta === "number" ? config.pref_beta : defaultPrefBeta;
  if (typeof alpha === "number" && !(alpha >= beta && beta > 0)) {
    context.addIssue({
      code: "custom",
      path: ["entro_alpha"],
      message: `EntroPO needs entro_alpha >= pref_beta > 0 (alpha - beta is the entropy weight); entro_alpha ${alpha} < pref_beta ${beta}`,
    });
  }
});

export type TrainConfigArgs = z.infer<typeof trainConfigSchema>;
