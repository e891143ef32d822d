// fast-check generators of candidate groups with every signal, including missing ones.
import fc from "fast-check";
import type { Candidate } from "../candidate.js";

/** One instance's candidates (1..maxSize), rollout indexes 0..n-1 in shuffled input order. */
export function candidateGroup(maxSize = 8, instanceId = "inst"): fc.Arbitrary<Candidate[]> {
  const fields = fc.record({
    resolved: fc.boolean(),
    finished: fc.boolean(),
    steps: fc.integer({ min: 0, max: 6 }),
    regressionPassed: fc.constantFrom(true, false, null),
    verifierProb: fc.oneof(fc.constant(null), fc.constantFrom(0, 0.01, 0.5), fc.double({ min: 0, max: 1, noNaN: true })),
    reproductionScore: fc.integer({ min: 0, max: 2 }),
  });
  return fc
    .array(fields, { minLength: 1, maxLength: maxSize })
    .chain((rows) => fc.shuffledSubarray(rows.map((row, index) => ({ ...row, instanceId, rolloutIndex: index, order: index })), { minLength: rows.length }));
}
