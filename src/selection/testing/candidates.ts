// Test helpers: compact candidate construction and exhaustive subset enumeration.
import type { Candidate } from "../candidate.js";

/** A candidate with neutral defaults; `order` defaults to the rollout index. */
export function candidate(rolloutIndex: number, fields: Partial<Candidate> = {}): Candidate {
  return {
    instanceId: "inst",
    rolloutIndex,
    order: rolloutIndex,
    resolved: false,
    finished: true,
    steps: 10,
    regressionPassed: null,
    verifierProb: null,
    reproductionScore: 0,
    ...fields,
  };
}

/** Every k-subset of `items`, in lexicographic index order. */
export function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const result: T[][] = [];
  items.forEach((item, index) => {
    for (const rest of subsets(items.slice(index + 1), k - 1)) result.push([item, ...rest]);
  });
  return result;
}
