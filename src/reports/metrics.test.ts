// Unit checks of the numbers behind the tables against independent brute-force computations.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { editDistance } from "../util/edit-distance.js";
import { passAtK } from "../selection/pass-at-k.js";
import { actionName, meanPairwiseDistance, normalizedEditDistance } from "./action-sequence.js";
import { runDiversity } from "./diversity.js";
import { paperBenchmarkOf, paperCellFor, paperModelOf } from "./paper-match.js";
import { sampleStd } from "./statistics.js";

/** Brute force: the share of all k-subsets of n samples (c correct) that contain a correct one. */
function bruteForcePassAtK(n: number, c: number, k: number): number {
  let hits = 0;
  let total = 0;
  for (let mask = 0; mask < 1 << n; mask += 1) {
    let bits = 0;
    for (let bit = 0; bit < n; bit += 1) if (mask & (1 << bit)) bits += 1;
    if (bits !== k) continue;
    total += 1;
    if (mask & ((1 << c) - 1)) hits += 1;
  }
  return hits / total;
}

describe("statistics", () => {
  it("pass@k equals the brute-force share of k-subsets with a correct sample (tolerance 1e-12)", () => {
    for (let n = 1; n <= 8; n += 1) for (let c = 0; c <= n; c += 1) for (let k = 1; k <= n; k += 1) expect(Math.abs(passAtK(n, c, k) - bruteForcePassAtK(n, c, k))).toBeLessThan(1e-12);
  });

  it("sample std matches the two-pass definition and is null for one value", () => {
    expect(sampleStd([5])).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }), (values) => {
        const average = values.reduce((a, b) => a + b) / values.length;
        const expected = Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
        expect(Math.abs((sampleStd(values) ?? -1) - expected)).toBeLessThan(1e-9);
      }),
    );
  });
});

describe("action sequences", () => {
  it("names R2E actions by function and file_editor sub-command", () => {
    expect(actionName("<function=file_editor>\n  <parameter=command>str_replace</parameter>\n  <parameter=path>/a</parameter>\n</function>")).toBe("file_editor:str_replace");
    expect(actionName("<function=execute_bash>\n  <parameter=cmd>ls</parameter>\n</function>")).toBe("execute_bash");
    expect(actionName('{"name": "search", "arguments": {}}')).toBe("search");
    expect(actionName("")).toBe("(none)");
  });

  it("computes Levenshtein distances and their normalization", () => {
    expect(editDistance(["a", "b", "c"], ["a", "c"])).toBe(1);
    expect(editDistance(["k", "i", "t", "t", "e", "n"], ["s", "i", "t", "t", "i", "n", "g"])).toBe(3);
    expect(normalizedEditDistance([], [])).toBe(0);
    expect(normalizedEditDistance(["a"], ["b", "c"])).toBe(1);
    expect(meanPairwiseDistance([["a"], ["a"], ["b"]])).toBeCloseTo((0 + 1 + 1) / 3, 12);
    expect(meanPairwiseDistance([["a"]])).toBeNull();
  });

  it("edit distance is a symmetric metric bounded by the longer length", () => {
    const sequence = fc.array(fc.constantFrom("view", "edit", "bash", "finish"), { maxLength: 8 });
    fc.assert(
      fc.property(sequence, sequence, sequence, (a, b, c) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
    );
  });

  it("measures distinct patches and action distance per instance", () => {
    const rollout = (instanceId: string, patch: string, actions: string[]) => ({ instanceId, rolloutIndex: 0, resolved: false, patch, actions });
    const diversity = runDiversity([
      rollout("a", "p1", ["x", "y"]),
      rollout("a", "p1  \n", ["x", "y"]),
      rollout("a", "p2", ["x"]),
      rollout("b", "q", ["z"]),
      rollout("b", "r", ["w"]),
      rollout("c", "only", ["x"]),
    ]);
    // a: 2 distinct of 3, distances (0, 1/2, 1/2) → 1/3; b: 2 of 2, distance 1; c has one rollout and is skipped.
    expect(diversity?.instances).toBe(2);
    expect(diversity?.distinctPatches).toBeCloseTo(2, 12);
    expect(diversity?.distinctPatchFraction).toBeCloseTo((2 / 3 + 1) / 2, 12);
    expect(diversity?.actionDistance).toBeCloseTo((1 / 3 + 1) / 2, 12);
    expect(runDiversity([rollout("a", "p", [])])).toBeNull();
  });
});

describe("paper matching", () => {
  it("maps user names onto the paper's", () => {
    expect(paperBenchmarkOf("princeton-nlp/SWE-bench_Lite")).toBe("swe-bench-lite");
    expect(paperBenchmarkOf("quixbugs")).toBeUndefined();
    expect(paperModelOf("Qwen/Qwen3-Coder-30B-A3B-Instruct")).toBe("Qwen3-Coder-30B");
    expect(paperModelOf("google/gemma-3-27b-it")).toBe("Gemma-3-27b");
    expect(paperModelOf("Qwen/Qwen3-0.6B")).toBeUndefined();
    expect(paperCellFor("swe-bench-verified", "zai-org/GLM-4.5-Air", "entropo-dpo")).toEqual({ pass1: { mean: 52.5, std: 0.7 }, tts: { mean: 57.5, std: 0.4 } });
    expect(paperCellFor("swe-bench-verified", "zai-org/GLM-4.5-Air", "dpo")).toBeUndefined();
  });
});
