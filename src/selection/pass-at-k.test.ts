import { describe, expect, it } from "vitest";
import { passAtK, winProbabilities } from "./pass-at-k.js";
import { subsets } from "./testing/candidates.js";

/** C(n, k) with BigInt: an independent exact computation. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i += 1) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

describe("pass@k", () => {
  it("equals the fraction of k-subsets holding a correct sample (enumerated), within 1e-12", () => {
    for (let n = 1; n <= 9; n += 1) {
      for (let c = 0; c <= n; c += 1) {
        const samples = Array.from({ length: n }, (_, i) => i < c);
        for (let k = 1; k <= n; k += 1) {
          const all = subsets(samples, k);
          const hits = all.filter((subset) => subset.includes(true)).length;
          expect(Math.abs(passAtK(n, c, k) - hits / all.length)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it("matches 1 - C(n-c,k)/C(n,k) in exact arithmetic for n = 16, within 1e-12", () => {
    for (let c = 0; c <= 16; c += 1) {
      for (let k = 1; k <= 16; k += 1) {
        const exact = 1 - Number(choose(16 - c, k)) / Number(choose(16, k));
        expect(Math.abs(passAtK(16, c, k) - exact)).toBeLessThan(1e-12);
      }
    }
  });

  it("clamps k above n and handles the edges", () => {
    expect(passAtK(4, 1, 10)).toBe(1);
    expect(passAtK(4, 0, 3)).toBe(0);
    expect(passAtK(0, 0, 1)).toBe(0);
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
  });

  it("win probabilities are C(n-1-r, k-1)/C(n, k) and sum to 1", () => {
    for (const [n, k] of [[16, 1], [16, 5], [16, 16], [7, 3], [5, 9]] as const) {
      const p = winProbabilities(n, k);
      const kk = Math.min(n, k);
      let total = 0;
      p.forEach((value, r) => {
        total += value;
        expect(Math.abs(value - Number(choose(n - 1 - r, kk - 1)) / Number(choose(n, kk)))).toBeLessThan(1e-12);
      });
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
    }
  });
});
