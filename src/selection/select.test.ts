import { describe, expect, it } from "vitest";
import { selectForInstance } from "./select.js";
import { candidate } from "./testing/candidates.js";

// A mixed group; expected picks computed by hand from the rules in docs/selection.md.
const mixed = [
  candidate(0, { finished: false, steps: 50, regressionPassed: true, verifierProb: 0.9, resolved: true }),
  candidate(1, { finished: true, steps: 40, regressionPassed: false, verifierProb: 0.9 }),
  candidate(2, { finished: true, steps: 45, regressionPassed: true, verifierProb: 0.005 }),
  candidate(3, { finished: true, steps: 20, regressionPassed: true, verifierProb: 0.5 }),
  candidate(4, { finished: true, steps: 30, regressionPassed: null, verifierProb: 0.3, resolved: true }),
];

describe("verified (EntroPO hybrid, most steps)", () => {
  it("applies finished → regression → reproduction → verifier, then the longest", () => {
    const result = selectForInstance(mixed, "verified");
    expect(result.pick.rolloutIndex).toBe(4);
    expect(result.removedByFilter).toEqual({ finished: 1, regression: 1, reproduction: 0, verifier: 1 });
    expect(result.fallbacks).toEqual([]);
  });

  it("treats the threshold strictly: exactly 0.01 is removed, just above is kept", () => {
    const group = [candidate(0, { verifierProb: 0.01, steps: 99 }), candidate(1, { verifierProb: 0.0100001, steps: 5 })];
    expect(selectForInstance(group, "verified").pick.rolloutIndex).toBe(1);
    expect(selectForInstance(group, "verified", { verifierThreshold: 0.005 }).pick.rolloutIndex).toBe(0);
  });

  it("keeps the previous set when no candidate finished", () => {
    const group = [candidate(0, { finished: false, steps: 3 }), candidate(1, { finished: false, steps: 7 })];
    const result = selectForInstance(group, "verified");
    expect(result.pick.rolloutIndex).toBe(1);
    expect(result.fallbacks).toEqual(["finished"]);
    expect(result.removedByFilter.finished).toBe(0);
  });

  it("keeps the previous set when every regression run failed", () => {
    const group = [
      candidate(0, { regressionPassed: false, steps: 3 }),
      candidate(1, { regressionPassed: false, steps: 8 }),
      candidate(2, { finished: false, regressionPassed: true, steps: 50 }),
    ];
    const result = selectForInstance(group, "verified");
    expect(result.pick.rolloutIndex).toBe(1);
    expect(result.fallbacks).toEqual(["regression"]);
    expect(result.removedByFilter).toMatchObject({ finished: 1, regression: 0 });
  });

  it("keeps the previous set when every verifier score is at or below the threshold", () => {
    const group = [candidate(0, { verifierProb: 0.001, steps: 12 }), candidate(1, { verifierProb: 0.01, steps: 11 })];
    const result = selectForInstance(group, "verified");
    expect(result.pick.rolloutIndex).toBe(0);
    expect(result.fallbacks).toEqual(["verifier"]);
  });

  it("lets a missing verifier score or regression result pass its filter", () => {
    const group = [
      candidate(0, { verifierProb: 0.002, steps: 40 }),
      candidate(1, { verifierProb: null, regressionPassed: null, steps: 15 }),
      candidate(2, { verifierProb: 0.7, regressionPassed: false, steps: 60 }),
    ];
    const result = selectForInstance(group, "verified");
    expect(result.pick.rolloutIndex).toBe(1);
    expect(result.removedByFilter).toMatchObject({ regression: 1, verifier: 1 });
  });

  it("keeps only the maximum reproduction score", () => {
    const group = [candidate(0, { reproductionScore: 2, steps: 5 }), candidate(1, { reproductionScore: 1, steps: 50 }), candidate(2, { reproductionScore: 2, steps: 9 })];
    const result = selectForInstance(group, "verified");
    expect(result.pick.rolloutIndex).toBe(2);
    expect(result.removedByFilter.reproduction).toBe(1);
  });

  it("breaks step ties by the lowest rollout index, whatever the input order", () => {
    const group = [candidate(7, { steps: 20 }), candidate(3, { steps: 20 }), candidate(5, { steps: 20 })];
    expect(selectForInstance(group, "verified").pick.rolloutIndex).toBe(3);
    expect(selectForInstance(group, "lite").pick.rolloutIndex).toBe(3);
  });

  it("honours the step rule and filter options", () => {
    expect(selectForInstance(mixed, "verified", { stepRule: "fewest" }).pick.rolloutIndex).toBe(3);
    const onlyFinished = selectForInstance(mixed, "verified", { filters: ["finished"] });
    expect(onlyFinished.pick.rolloutIndex).toBe(2);
    expect(onlyFinished.removedByFilter).toEqual({ finished: 1 });
  });
});

describe("lite (EntroPO hybrid, fewest steps, no regression filter)", () => {
  it("applies finished → verifier, then the shortest", () => {
    const result = selectForInstance(mixed, "lite");
    expect(result.pick.rolloutIndex).toBe(3);
    expect(result.removedByFilter).toEqual({ finished: 1, verifier: 1 });
  });

  it("falls back on both filters and picks the shortest", () => {
    const group = [candidate(0, { finished: false, verifierProb: 0, steps: 9 }), candidate(1, { finished: false, verifierProb: 0.01, steps: 4 })];
    const result = selectForInstance(group, "lite");
    expect(result.pick.rolloutIndex).toBe(1);
    expect(result.fallbacks).toEqual(["finished", "verifier"]);
  });
});

describe("r2e-hybrid", () => {
  const group = [
    candidate(0, { verifierProb: 0.9, regressionPassed: false }),
    candidate(1, { verifierProb: 0.8, regressionPassed: true, reproductionScore: 1 }),
    candidate(2, { verifierProb: 0.7, regressionPassed: true, reproductionScore: 2 }),
    candidate(3, { verifierProb: 0.6, regressionPassed: true, reproductionScore: 5 }),
    candidate(4, { verifierProb: 0.5 }),
    candidate(5, { verifierProb: null }),
  ];

  it("cuts to the top half by verifier, then regression, reproduction, verifier", () => {
    const result = selectForInstance(group, "r2e-hybrid");
    expect(result.pick.rolloutIndex).toBe(2);
    expect(result.removedByFilter).toEqual({ "top-fraction": 3, regression: 1, reproduction: 1 });
  });

  it("keeps one candidate when there is a single rollout (R2E raised here)", () => {
    expect(selectForInstance([candidate(4, { verifierProb: 0.2 })], "r2e-hybrid").pick.rolloutIndex).toBe(4);
  });

  it("falls back when the whole top cut failed regression, then picks the best verifier", () => {
    const failing = [candidate(0, { verifierProb: 0.4, regressionPassed: false }), candidate(1, { verifierProb: 0.6, regressionPassed: false }), candidate(2, { verifierProb: 0.1 })];
    const result = selectForInstance(failing, "r2e-hybrid", { topFraction: 0.67 });
    expect(result.pick.rolloutIndex).toBe(1);
    expect(result.fallbacks).toEqual(["regression"]);
  });
});

describe("verifier, oracle, random", () => {
  it("verifier picks the highest probability; ties and missing scores go to the lowest rollout index", () => {
    expect(selectForInstance(mixed, "verifier").pick.rolloutIndex).toBe(0);
    expect(selectForInstance([candidate(2), candidate(1)], "verifier").pick.rolloutIndex).toBe(1);
    expect(selectForInstance([candidate(0), candidate(1, { verifierProb: 0.001 })], "verifier").pick.rolloutIndex).toBe(1);
  });

  it("oracle picks the first resolved rollout, else the first", () => {
    expect(selectForInstance(mixed, "oracle").pick.rolloutIndex).toBe(0);
    expect(selectForInstance([candidate(3), candidate(2)], "oracle").pick.rolloutIndex).toBe(2);
  });

  it("random is a function of the seed and the instance id", () => {
    const group = Array.from({ length: 16 }, (_, index) => candidate(index));
    const picks = Array.from({ length: 20 }, (_, seed) => selectForInstance(group, "random", { seed }).pick.rolloutIndex);
    expect(new Set(picks).size).toBeGreaterThan(3);
    expect(Array.from({ length: 20 }, (_, seed) => selectForInstance(group, "random", { seed }).pick.rolloutIndex)).toEqual(picks);
  });

  it("rejects an empty candidate list", () => {
    expect(() => selectForInstance([], "oracle")).toThrow(/at least one candidate/);
  });
});
