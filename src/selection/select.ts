// Picks one candidate per instance with a named strategy: EntroPO's hybrid (verified/lite), R2E's hybrid, verifier, random, oracle.
import { InputError } from "../core/errors.js";
import type { Candidate } from "./candidate.js";
import { createRng, hashSeed } from "../util/seeded-random.js";
import type { HybridFilterName, SelectionOptions, StrategyName } from "./strategy.js";
import { defaultFilters, defaultSelectionOptions, defaultStepRule } from "./strategy.js";

export type FilterName = HybridFilterName | "top-fraction";

export type SelectionResult<T extends Candidate> = {
  pick: T;
  /** Candidates each filter removed (0 when it fell back). */
  removedByFilter: Partial<Record<FilterName, number>>;
  /** Filters that would have left nothing, so the previous set was kept. */
  fallbacks: FilterName[];
};

type FilterTrace = { removedByFilter: Partial<Record<FilterName, number>>; fallbacks: FilterName[] };

/** Keeps the candidates that pass; when none pass, keeps the whole set and records the fallback. */
function applyFilter<T extends Candidate>(set: T[], name: FilterName, keep: (candidate: T) => boolean, trace: FilterTrace): T[] {
  const kept = set.filter(keep);
  if (kept.length === 0) {
    trace.fallbacks.push(name);
    trace.removedByFilter[name] = 0;
    return set;
  }
  trace.removedByFilter[name] = set.length - kept.length;
  return kept;
}

/** True when the candidate passes the verifier filter: no score, or a score strictly above the threshold. */
export function passesVerifier(candidate: Candidate, threshold: number): boolean {
  return candidate.verifierProb === null || candidate.verifierProb > threshold;
}

/** Returns the first candidate that is best under `better(a, b) > 0 means a is better`; ties keep the lower order. */
function best<T extends Candidate>(set: readonly T[], compare: (a: T, b: T) => number): T {
  let winner = set[0] as T;
  for (const candidate of set) {
    const score = compare(candidate, winner);
    if (score > 0 || (score === 0 && candidate.order < winner.order)) winner = candidate;
  }
  return winner;
}

const verifierValue = (candidate: Candidate): number => candidate.verifierProb ?? Number.NEGATIVE_INFINITY;

function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a > b ? 1 : -1;
}

/** Applies a hybrid filter chain (keep finished → regression → max reproduction → verifier) then the step rule. */
function selectHybrid<T extends Candidate>(candidates: T[], strategy: "verified" | "lite", options: SelectionOptions): SelectionResult<T> {
  const trace: FilterTrace = { removedByFilter: {}, fallbacks: [] };
  let set = candidates;
  for (const filter of options.filters ?? defaultFilters(strategy)) {
    if (filter === "finished") set = applyFilter(set, filter, (c) => c.finished, trace);
    else if (filter === "regression") set = applyFilter(set, filter, (c) => c.regressionPassed !== false, trace);
    else if (filter === "verifier") set = applyFilter(set, filter, (c) => passesVerifier(c, options.verifierThreshold), trace);
    else {
      const top = Math.max(...set.map((c) => c.reproductionScore));
      set = applyFilter(set, filter, (c) => c.reproductionScore === top, trace);
    }
  }
  const sign = (options.stepRule ?? defaultStepRule(strategy)) === "most" ? 1 : -1;
  return { pick: best(set, (a, b) => sign * compareNumbers(a.steps, b.steps)), ...trace };
}

/** R2E-Gym's hybrid: top fraction by verifier → regression passes → max reproduction → max verifier. */
function selectR2eHybrid<T extends Candidate>(candidates: T[], options: SelectionOptions): SelectionResult<T> {
  const trace: FilterTrace = { removedByFilter: {}, fallbacks: [] };
  const byVerifier = [...candidates].sort((a, b) => compareNumbers(verifierValue(b), verifierValue(a)) || a.order - b.order);
  const keep = Math.max(1, Math.floor(candidates.length * options.topFraction));
  trace.removedByFilter["top-fraction"] = candidates.length - keep;
  let set = byVerifier.slice(0, keep);
  set = applyFilter(set, "regression", (c) => c.regressionPassed !== false, trace);
  const top = Math.max(...set.map((c) => c.reproductionScore));
  set = applyFilter(set, "reproduction", (c) => c.reproductionScore === top, trace);
  return { pick: best(set, (a, b) => compareNumbers(verifierValue(a), verifierValue(b))), ...trace };
}

/** Selects one candidate of an instance; candidates must be non-empty and share an instance id. */
export function selectForInstance<T extends Candidate>(
  candidates: readonly T[],
  strategy: StrategyName,
  options: Partial<SelectionOptions> = {},
): SelectionResult<T> {
  if (candidates.length === 0) throw new InputError("selectForInstance needs at least one candidate");
  const resolved: SelectionOptions = { ...defaultSelectionOptions, ...options };
  const sorted = [...candidates].sort((a, b) => a.order - b.order);
  const none = { removedByFilter: {}, fallbacks: [] };
  switch (strategy) {
    case "verified":
    case "lite":
      return selectHybrid(sorted, strategy, resolved);
    case "r2e-hybrid":
      return selectR2eHybrid(sorted, resolved);
    case "verifier":
      return { pick: best(sorted, (a, b) => compareNumbers(verifierValue(a), verifierValue(b))), ...none };
    case "oracle":
      return { pick: best(sorted, (a, b) => Number(a.resolved) - Number(b.resolved)), ...none };
    case "random": {
      const rng = createRng(hashSeed(resolved.seed, sorted[0]?.instanceId ?? ""));
      return { pick: sorted[Math.floor(rng() * sorted.length)] as T, ...none };
    }
  }
}
