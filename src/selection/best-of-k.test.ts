import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestOfK } from "./best-of-k.js";
import type { Candidate } from "./candidate.js";
import { passAtK } from "./pass-at-k.js";
import { selectForInstance } from "./select.js";
import type { StrategyName } from "./strategy.js";
import { candidateGroup } from "./testing/arbitraries.js";
import { subsets } from "./testing/candidates.js";

/** Exact expected resolve rate (percent) by enumerating every K-subset and running selectForInstance (independent of rank.ts). */
function enumerated(groups: Candidate[][], strategy: StrategyName, K: number): number {
  let total = 0;
  for (const group of groups) {
    const all = subsets(group, Math.min(K, group.length));
    total += all.filter((subset) => selectForInstance(subset, strategy).pick.resolved).length / all.length;
  }
  return (100 * total) / groups.length;
}

const ks = [1, 2, 3, 4, 5, 6, 7];

const fixedGroups = fc.sample(fc.array(candidateGroup(7), { minLength: 6, maxLength: 6 }), { numRuns: 1, seed: 42 })[0] as Candidate[][];

describe("best-of-K", () => {
  const report = bestOfK(fixedGroups, { trials: 2000, bootstrapSeed: 7, maxK: 7 });
  const point = (name: string, K: number) => report.curves.find((c) => c.strategy === name)?.points[K - 1];

  it("covers K = 1..n for every strategy", () => {
    expect(report.n).toBe(7);
    expect(report.curves.map((c) => c.strategy)).toEqual(expect.arrayContaining(["verified", "lite", "r2e-hybrid", "verifier", "random", "oracle"]));
    for (const c of report.curves) expect(c.points.map((p) => p.k)).toEqual(ks);
  });

  it("has exact values equal to subset enumeration for the rank strategies (1e-12)", () => {
    for (const strategy of ["verified", "lite", "verifier", "oracle"] as const) {
      for (const K of ks) expect(Math.abs((point(strategy, K)?.exact ?? -1) - enumerated(fixedGroups, strategy, K))).toBeLessThan(1e-9);
    }
  });

  it("bootstrap means agree with enumeration within 5 standard errors, r2e-hybrid and random included", () => {
    for (const strategy of ["verified", "lite", "verifier", "oracle", "r2e-hybrid"] as const) {
      for (const K of ks) {
        const p = point(strategy, K);
        const standardError = (p?.std ?? 0) / Math.sqrt(report.trials);
        expect(Math.abs((p?.rate ?? -1) - enumerated(fixedGroups, strategy, K))).toBeLessThanOrEqual(5 * standardError + 1e-9);
      }
    }
    const randomExpected = (100 * fixedGroups.reduce((s, g) => s + g.filter((c) => c.resolved).length / g.length, 0)) / fixedGroups.length;
    for (const K of ks) {
      const p = point("random", K);
      expect(Math.abs((p?.rate ?? -1) - randomExpected)).toBeLessThanOrEqual(5 * ((p?.std ?? 0) / Math.sqrt(report.trials)) + 1e-9);
      expect(Math.abs((p?.exact ?? -1) - randomExpected)).toBeLessThan(1e-9);
    }
  });

  it("reports pass@K as the mean unbiased estimator and equal to the oracle's exact curve", () => {
    for (const K of ks) {
      const expected = (100 * fixedGroups.reduce((s, g) => s + passAtK(g.length, g.filter((c) => c.resolved).length, K), 0)) / fixedGroups.length;
      expect(Math.abs((report.passAtK[K - 1]?.rate ?? -1) - expected)).toBeLessThan(1e-9);
      expect(Math.abs((point("oracle", K)?.exact ?? -1) - expected)).toBeLessThan(1e-9);
    }
  });

  it("lists the ablation: each filter of verified and lite removed, with deltas against the base", () => {
    expect(report.ablation.map((row) => row.name)).toEqual([
      "verified-no-finished",
      "verified-no-regression",
      "verified-no-reproduction",
      "verified-no-verifier",
      "lite-no-finished",
      "lite-no-verifier",
    ]);
    for (const row of report.ablation) {
      expect(row.delta).toBeCloseTo(row.rate - row.baseRate, 9);
      expect(row.rate).toBe(point(row.name, 7)?.rate);
      expect(Math.abs((point(row.name, 7)?.exact ?? -1) - ablatedExact(row.base, row.removedFilter))).toBeLessThan(1e-9);
    }
  });

  it("is reproducible for a seed and changes with it", () => {
    const again = bestOfK(fixedGroups, { trials: 200, bootstrapSeed: 3 });
    expect(bestOfK(fixedGroups, { trials: 200, bootstrapSeed: 3 })).toEqual(again);
    const other = bestOfK(fixedGroups, { trials: 200, bootstrapSeed: 4 });
    expect(other.curves.map((c) => c.points)).not.toEqual(again.curves.map((c) => c.points));
  });
});

/** Exact value at max K of a hybrid with one filter removed, by enumeration with selectForInstance. */
function ablatedExact(base: "verified" | "lite", removed: string): number {
  const filters = (base === "verified" ? ["finished", "regression", "reproduction", "verifier"] : ["finished", "verifier"]).filter((f) => f !== removed) as ("finished" | "regression" | "reproduction" | "verifier")[];
  return (100 * fixedGroups.reduce((s, g) => s + (selectForInstance(g, base, { filters }).pick.resolved ? 1 : 0), 0)) / fixedGroups.length;
}
