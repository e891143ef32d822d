// Strategy names, filter names and the selection options with their defaults (the paper's values).
import { badOptionValue } from "../core/errors.js";

export const strategyNames = ["verified", "lite", "r2e-hybrid", "verifier", "random", "oracle"] as const;
export type StrategyName = (typeof strategyNames)[number];

/** Filters of the EntroPO hybrid chain, in the order they run. */
export const hybridFilterNames = ["finished", "regression", "reproduction", "verifier"] as const;
export type HybridFilterName = (typeof hybridFilterNames)[number];

export type StepRule = "most" | "fewest";

export type SelectionOptions = {
  /** A candidate passes the verifier filter when verifier_prob > threshold (strictly), or when it has none. */
  verifierThreshold: number;
  /** Step rule of the final pick; default most for `verified`, fewest for `lite`. */
  stepRule?: StepRule;
  /** Hybrid filters applied by `verified`/`lite`; default verified: all four, lite: finished + verifier (EntroPO). */
  filters?: readonly HybridFilterName[];
  /** Fraction kept by r2e-hybrid's first (verifier) cut; at least one candidate is always kept. */
  topFraction: number;
  /** Seed of `random` (combined with the instance id). */
  seed: number;
};

export const defaultSelectionOptions: SelectionOptions = { verifierThreshold: 0.01, topFraction: 0.5, seed: 0 };

/** The default filter chain of a hybrid strategy (EntroPO's create_bestofn_aggregate.py). */
export function defaultFilters(strategy: "verified" | "lite"): readonly HybridFilterName[] {
  return strategy === "verified" ? hybridFilterNames : ["finished", "verifier"];
}

/** The default step rule of a hybrid strategy: the longest trajectory for verified, the shortest for lite. */
export function defaultStepRule(strategy: "verified" | "lite"): StepRule {
  return strategy === "verified" ? "most" : "fewest";
}

/** Parses a strategy name given to `option`; a clear error lists the accepted names. */
export function parseStrategy(value: string, option = "--strategy"): StrategyName {
  if ((strategyNames as readonly string[]).includes(value)) return value as StrategyName;
  throw badOptionValue(option, `one of ${strategyNames.join(", ")}`, value);
}

/** Parses a comma-separated filter list (`none` for an empty chain). */
export function parseFilters(value: string, option = "--filters"): HybridFilterName[] {
  if (value.trim() === "none") return [];
  const names = value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  for (const name of names) {
    if (!(hybridFilterNames as readonly string[]).includes(name)) {
      throw badOptionValue(option, `a comma-separated subset of ${hybridFilterNames.join(", ")} or "none"`, value);
    }
  }
  return names as HybridFilterName[];
}
