// Selection presets for `entropo data`: `--recipe authors` reproduces the EntroPO authors' dataset scripts.
import { badOptionValue } from "../core/errors.js";

export const recipes = ["entropo", "authors"] as const;
export type Recipe = (typeof recipes)[number];

export const pairScopes = ["instance", "source", "model"] as const;
/** Which trajectories DPO may pair: two of one instance from anywhere, only two from one input source, or only two of one model. */
export type PairScope = (typeof pairScopes)[number];

/** The selection settings a recipe decides; an option set explicitly always wins over the recipe. */
export type RecipeSettings = {
  /** Keep only trajectories whose exit reason is one of these (unset: all). */
  exitReasons?: readonly string[];
  /** SFT: keep unresolved trajectories too. */
  includeFailed?: boolean;
  /** DPO/KTO: a trajectory without a reward counts as failed instead of being skipped. */
  missingRewardAsFailed?: boolean;
  pairScope?: PairScope;
  /** DPO: only the last trajectory of an instance in each file takes part. */
  lastPerInstancePerFile?: boolean;
  /** DPO: rows carry the trajectories' `tools` and pair only trajectories with the same tools (the authors drop them). */
  dpoTools?: boolean;
};

/**
 * What the authors' generate_sft_data.py / generate_dpo_qwen.py / generate_kto_qwen.py (mileskuo42/R2E-Gym@17d4b77,
 * llamafactory-train/) select: rows with `exit_reasons == "agent"`; SFT ignores the reward; DPO and KTO treat every
 * reward other than 1 (a missing one too) as failed; DPO keys each dataset's rows by instance id (the last row wins)
 * and pairs only the two runs of one model (`R2E-GLM45` with `R2E-GLM45_1`), i.e. within one source; their DPO rows
 * carry no `tools` column (their SFT and KTO rows keep it).
 */
const authors: Required<RecipeSettings> = {
  exitReasons: ["agent"],
  includeFailed: true,
  missingRewardAsFailed: true,
  pairScope: "source",
  lastPerInstancePerFile: true,
  dpoTools: false,
};

const entropo: RecipeSettings = { pairScope: "instance", dpoTools: true };

/** The recipe's settings under the explicitly given ones (undefined values do not override). */
export function applyRecipe<T extends RecipeSettings & { recipe?: Recipe }>(options: T): T {
  const recipe = options.recipe ?? "entropo";
  if (!recipes.includes(recipe)) throw badOptionValue("--recipe", recipes.join("|"), recipe);
  const defaults = recipe === "authors" ? authors : entropo;
  const explicit = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const merged = { ...defaults, ...explicit } as T;
  if (!pairScopes.includes(merged.pairScope ?? "instance")) throw badOptionValue("--pair-scope", pairScopes.join("|"), merged.pairScope);
  return merged;
}
