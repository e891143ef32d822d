import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Candidate } from "./candidate.js";
import { hybridOrder, oracleOrder, rankPositions, verifierOrder } from "./rank.js";
import { selectForInstance } from "./select.js";
import type { StrategyName } from "./strategy.js";
import { defaultFilters, defaultSelectionOptions, defaultStepRule, strategyNames } from "./strategy.js";
import { candidateGroup } from "./testing/arbitraries.js";

describe("selector properties", () => {
  it("always picks one of the candidates, for every strategy", () => {
    fc.assert(
      fc.property(candidateGroup(), fc.constantFrom(...strategyNames), fc.integer(), (group, strategy, seed) => {
        const { pick } = selectForInstance(group, strategy, { seed });
        expect(group).toContain(pick);
      }),
      { numRuns: 400 },
    );
  });

  it("oracle resolves at least as many instances as every other strategy", () => {
    const instances = fc.array(candidateGroup(6), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(instances, fc.integer(), (groups, seed) => {
        const resolvedBy = (strategy: StrategyName): number => groups.filter((g) => selectForInstance(g, strategy, { seed }).pick.resolved).length;
        const oracle = resolvedBy("oracle");
        expect(oracle).toBe(groups.filter((g) => g.some((c) => c.resolved)).length);
        for (const strategy of strategyNames) expect(oracle).toBeGreaterThanOrEqual(resolvedBy(strategy));
      }),
      { numRuns: 200 },
    );
  });

  it("is deterministic for a seed and independent of the input order", () => {
    fc.assert(
      fc.property(candidateGroup(), fc.constantFrom(...strategyNames), fc.integer(), (group, strategy, seed) => {
        const first = selectForInstance(group, strategy, { seed }).pick.rolloutIndex;
        expect(selectForInstance([...group].reverse(), strategy, { seed }).pick.rolloutIndex).toBe(first);
      }),
      { numRuns: 300 },
    );
  });

  it("matches the rank orders the bootstrap uses: the pick is the best-ranked candidate", () => {
    const options = defaultSelectionOptions;
    const orders = {
      verified: hybridOrder(defaultFilters("verified"), defaultStepRule("verified"), options),
      lite: hybridOrder(defaultFilters("lite"), defaultStepRule("lite"), options),
      verifier: verifierOrder,
      oracle: oracleOrder,
    };
    fc.assert(
      fc.property(candidateGroup(10), fc.constantFrom(...(Object.keys(orders) as (keyof typeof orders)[])), (group, strategy) => {
        const ranks = rankPositions(group, orders[strategy]);
        const best = group[ranks.indexOf(0)] as Candidate;
        expect(selectForInstance(group, strategy).pick).toBe(best);
      }),
      { numRuns: 500 },
    );
  });
});
