// Best-of-K curves: expected resolve rate of each strategy over seeded bootstrap K-subsets, exact values, pass@K, ablation.
import { throwIfAborted } from "../core/errors.js";
import type { Candidate } from "./candidate.js";
import { passAtK, winProbabilities } from "./pass-at-k.js";
import type { CandidateOrder } from "./rank.js";
import { hybridOrder, oracleOrder, r2eTailOrder, rankPositions, verifierOrder } from "./rank.js";
import { createRng } from "../util/seeded-random.js";
import type { HybridFilterName, SelectionOptions } from "./strategy.js";
import { defaultFilters, defaultSelectionOptions, defaultStepRule } from "./strategy.js";

export type BestOfKOptions = Partial<SelectionOptions> & {
  /** Bootstrap subsets drawn per instance and K (default 1000). */
  trials?: number;
  /** Seed of the bootstrap draws (default 0). */
  bootstrapSeed?: number;
  /** Largest K (default: the most rollouts any instance has). */
  maxK?: number;
  /** Add the selector ablation (verified and lite with each filter removed; default true). */
  ablation?: boolean;
  signal?: AbortSignal;
};

/** One point of a curve; rates are percentages of instances resolved. */
export type BestOfKPoint = {
  k: number;
  /** Mean resolve rate (percent) over the bootstrap trials. */
  rate: number;
  /** Sample standard deviation (percent) of the per-trial resolve rate. */
  std: number;
  /** Exact expectation (percent) over uniformly random K-subsets; null for r2e-hybrid, whose cut depends on K. */
  exact: number | null;
};

export type BestOfKCurve = { strategy: string; points: BestOfKPoint[] };

/** The selector ablation: a hybrid strategy with one filter removed, at K = maxK (percent). */
export type AblationRow = {
  name: string;
  base: "verified" | "lite";
  removedFilter: HybridFilterName;
  rate: number;
  baseRate: number;
  delta: number;
};

export type BestOfKReport = {
  instances: number;
  /** Largest K (the most rollouts per instance unless set). */
  n: number;
  trials: number;
  bootstrapSeed: number;
  /** Mean unbiased pass@K over instances in percent (K clamped to each instance's rollout count). */
  passAtK: { k: number; rate: number }[];
  curves: BestOfKCurve[];
  ablation: AblationRow[];
};

type RankVariant = { name: string; order: CandidateOrder };
type AblationStub = Pick<AblationRow, "name" | "base" | "removedFilter">;

/** The rank-based variants: the five deterministic strategies plus, optionally, each filter removed from verified and lite. */
function rankVariants(options: SelectionOptions, ablation: boolean): { variants: RankVariant[]; rows: AblationStub[] } {
  const variants: RankVariant[] = [];
  const rows: AblationStub[] = [];
  for (const base of ["verified", "lite"] as const) {
    const filters = options.filters ?? defaultFilters(base);
    const stepRule = options.stepRule ?? defaultStepRule(base);
    variants.push({ name: base, order: hybridOrder(filters, stepRule, options) });
  }
  variants.push({ name: "verifier", order: verifierOrder }, { name: "oracle", order: oracleOrder });
  if (ablation) {
    for (const base of ["verified", "lite"] as const) {
      const filters = options.filters ?? defaultFilters(base);
      for (const removed of filters) {
        const name = `${base}-no-${removed}`;
        variants.push({ name, order: hybridOrder(filters.filter((f) => f !== removed), options.stepRule ?? defaultStepRule(base), options) });
        rows.push({ base, removedFilter: removed, name });
      }
    }
  }
  return { variants, rows };
}

/** Mean and sample standard deviation of a slice of per-trial counts divided by `scale`. */
function meanStd(counts: Uint32Array, start: number, length: number, scale: number): { mean: number; std: number } {
  let sum = 0;
  for (let t = 0; t < length; t += 1) sum += (counts[start + t] as number) / scale;
  const mean = sum / length;
  let squares = 0;
  for (let t = 0; t < length; t += 1) squares += ((counts[start + t] as number) / scale - mean) ** 2;
  return { mean, std: length > 1 ? Math.sqrt(squares / (length - 1)) : 0 };
}

/** Computes best-of-K curves for K = 1..maxK over instance groups (each a non-empty candidate list). */
export function bestOfK(groups: readonly (readonly Candidate[])[], options: BestOfKOptions = {}): BestOfKReport {
  const selection: SelectionOptions = { ...defaultSelectionOptions, ...options };
  const trials = options.trials ?? 1000;
  const seed = options.bootstrapSeed ?? 0;
  const maxK = options.maxK ?? Math.max(1, ...groups.map((group) => group.length));
  const { variants, rows } = rankVariants(selection, options.ablation ?? true);
  const names = [...variants.map((v) => v.name), "r2e-hybrid", "random"];
  const hybridIndex = variants.length;
  const counts = new Uint32Array(names.length * maxK * trials);
  const exactSums = new Float64Array(names.length * maxK);
  const passSums = new Float64Array(maxK);
  const rng = createRng(seed);
  const scratch = new Int32Array(Math.max(1, ...groups.map((group) => group.length)));
  const stamp = new Int32Array(scratch.length);
  let stampValue = 0;
  for (const group of groups) {
    throwIfAborted(options.signal);
    const n = group.length;
    if (n === 0) continue;
    const resolved = Uint8Array.from(group, (candidate) => (candidate.resolved ? 1 : 0));
    const correct = resolved.reduce((sum, value) => sum + value, 0);
    const ranks = variants.map((variant) => rankPositions(group, variant.order));
    const byVerifier = inversePermutation(rankPositions(group, verifierOrder));
    const tailRanks = rankPositions(group, r2eTailOrder);
    const rankFlat = new Int32Array(ranks.length * n);
    ranks.forEach((rank, v) => rankFlat.set(rank, v * n));
    for (let i = 0; i < n; i += 1) scratch[i] = i;
    for (let K = 1; K <= maxK; K += 1) {
      const k = Math.min(K, n);
      passSums[K - 1] = (passSums[K - 1] as number) + passAtK(n, correct, k);
      addExact(exactSums, maxK, K, ranks, resolved, n, k, correct, hybridIndex);
      const keep = Math.max(1, Math.floor(k * selection.topFraction));
      stampValue = runTrials({ rankFlat, variantCount: ranks.length, resolved, byVerifier, tailRanks, scratch, stamp, stampValue, counts, rng }, n, k, keep, trials, (K - 1) * trials, maxK * trials);
    }
  }
  const instances = groups.filter((group) => group.length > 0).length;
  const scale = Math.max(1, instances);
  const curves: BestOfKCurve[] = names.map((strategy, v) => ({
    strategy,
    points: Array.from({ length: maxK }, (_, index) => {
      const stats = meanStd(counts, v * maxK * trials + index * trials, trials, scale);
      const exact = v === hybridIndex ? null : (100 * (exactSums[v * maxK + index] as number)) / scale;
      return { k: index + 1, rate: 100 * stats.mean, std: 100 * stats.std, exact };
    }),
  }));
  const atMax = (name: string): number => curves.find((curve) => curve.strategy === name)?.points[maxK - 1]?.rate ?? 0;
  const ablation = rows.map((row) => ({ ...row, rate: atMax(row.name), baseRate: atMax(row.base), delta: atMax(row.name) - atMax(row.base) }));
  const passAtKPoints = Array.from(passSums, (sum, index) => ({ k: index + 1, rate: (100 * sum) / scale }));
  return { instances, n: maxK, trials, bootstrapSeed: seed, passAtK: passAtKPoints, curves, ablation };
}

/** Adds one instance's exact expected picks (rank variants and random) for one K. */
function addExact(
  sums: Float64Array,
  maxK: number,
  K: number,
  ranks: Int32Array[],
  resolved: Uint8Array,
  n: number,
  k: number,
  correct: number,
  hybridIndex: number,
): void {
  const win = winProbabilities(n, k);
  ranks.forEach((rank, v) => {
    let expected = 0;
    for (let i = 0; i < n; i += 1) if (resolved[i] === 1) expected += win[rank[i] as number] as number;
    sums[v * maxK + K - 1] = (sums[v * maxK + K - 1] as number) + expected;
  });
  sums[(hybridIndex + 1) * maxK + K - 1] = (sums[(hybridIndex + 1) * maxK + K - 1] as number) + correct / n;
}

/** Candidate indices in rank order (the inverse of a rank-position array). */
function inversePermutation(positions: Int32Array): Int32Array {
  const inverse = new Int32Array(positions.length);
  positions.forEach((position, index) => {
    inverse[position] = index;
  });
  return inverse;
}

type TrialState = {
  rankFlat: Int32Array;
  variantCount: number;
  resolved: Uint8Array;
  byVerifier: Int32Array;
  tailRanks: Int32Array;
  scratch: Int32Array;
  /** stamp[i] === stampValue marks candidate i as a member of the current subset. */
  stamp: Int32Array;
  stampValue: number;
  counts: Uint32Array;
  rng: () => number;
};

/** Draws `trials` k-subsets of one instance (partial Fisher-Yates), counts resolved picks per strategy; returns the stamp value. */
function runTrials(state: TrialState, n: number, k: number, keep: number, trials: number, cellStart: number, strategyStride: number): number {
  const { rankFlat, variantCount, resolved, byVerifier, tailRanks, scratch, stamp, counts, rng } = state;
  const hybridBase = variantCount * strategyStride;
  let stampValue = state.stampValue;
  for (let t = 0; t < trials; t += 1) {
    for (let j = 0; j < k; j += 1) {
      const r = j + Math.floor(rng() * (n - j));
      const swap = scratch[j] as number;
      scratch[j] = scratch[r] as number;
      scratch[r] = swap;
    }
    const cell = cellStart + t;
    for (let v = 0; v < variantCount; v += 1) {
      const offset = v * n;
      let winner = scratch[0] as number;
      let winnerRank = rankFlat[offset + winner] as number;
      for (let j = 1; j < k; j += 1) {
        const member = scratch[j] as number;
        const rank = rankFlat[offset + member] as number;
        if (rank < winnerRank) {
          winner = member;
          winnerRank = rank;
        }
      }
      counts[v * strategyStride + cell] = (counts[v * strategyStride + cell] as number) + (resolved[winner] as number);
    }
    stampValue += 1;
    for (let j = 0; j < k; j += 1) stamp[scratch[j] as number] = stampValue;
    let taken = 0;
    let hybridWinner = scratch[0] as number;
    let hybridRank = Number.MAX_SAFE_INTEGER;
    for (let p = 0; p < n && taken < keep; p += 1) {
      const index = byVerifier[p] as number;
      if (stamp[index] !== stampValue) continue;
      taken += 1;
      const rank = tailRanks[index] as number;
      if (rank < hybridRank) {
        hybridWinner = index;
        hybridRank = rank;
      }
    }
    counts[hybridBase + cell] = (counts[hybridBase + cell] as number) + (resolved[hybridWinner] as number);
    const randomCell = hybridBase + strategyStride + cell;
    counts[randomCell] = (counts[randomCell] as number) + (resolved[scratch[0] as number] as number);
  }
  return stampValue;
}
