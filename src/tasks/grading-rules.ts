// Reward rules: the strict local-task rule and R2E-Gym's rule (SWE-bench's verdicts are in swebench-grading.ts).
import { normalizeR2eKey, r2eKeyOfNodeId } from "./pytest-log.js";
import type { TestStatus } from "./task.js";

/** The status of a pytest node id in a parsed log: exact id first, then R2E's path-less key (swesmith's fallback). */
export function lookupStatus(statuses: Record<string, TestStatus>, nodeId: string): TestStatus | undefined {
  return statuses[nodeId] ?? (nodeId.includes("::") ? statuses[r2eKeyOfNodeId(nodeId)] : undefined);
}

/** The strict rule for local tasks: at least one listed test, and every listed test PASSED. */
export function allListedPassed(statuses: Record<string, TestStatus>, tests: readonly string[]): boolean {
  return tests.length > 0 && tests.every((test) => lookupStatus(statuses, test) === "PASSED");
}

/**
 * R2E-Gym's reward: 1 iff the parsed and expected maps (keys normalised) have the same number of keys and every
 * non-empty parsed key is expected with an identical status.
 */
export function r2eReward(parsed: Record<string, string>, expected: Record<string, string>): number {
  const normalize = (map: Record<string, string>): Map<string, string> => {
    const result = new Map<string, string>();
    for (const key of Object.keys(map).sort()) result.set(normalizeR2eKey(key), map[key] as string);
    return result;
  };
  const parsedMap = normalize(parsed);
  const expectedMap = normalize(expected);
  if (parsedMap.size !== expectedMap.size) return 0;
  for (const [key, status] of parsedMap) {
    if (key === "") continue;
    if (expectedMap.get(key) !== status) return 0;
  }
  return 1;
}
