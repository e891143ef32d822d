// Unit tests of the reward rules: the strict local rule and R2E's exact-match rule.
import { describe, expect, it } from "vitest";
import { allListedPassed, lookupStatus, r2eReward } from "./grading-rules.js";

describe("allListedPassed", () => {
  it("needs at least one test and every listed one PASSED, matching by node id or R2E key", () => {
    expect(allListedPassed({ "tests/t.py::a": "PASSED" }, ["tests/t.py::a"])).toBe(true);
    expect(allListedPassed({ a: "PASSED" }, ["tests/t.py::a"])).toBe(true);
    expect(allListedPassed({ "tests/t.py::a": "SKIPPED" }, ["tests/t.py::a"])).toBe(false);
    expect(allListedPassed({}, [])).toBe(false);
    expect(lookupStatus({ "C.t": "FAILED" }, "x.py::C::t")).toBe("FAILED");
  });
});

describe("r2eReward", () => {
  const expected = { test_a: "PASSED", "C.test_b": "FAILED" };
  it("is 1 for identical statuses, including expected failures", () => {
    expect(r2eReward({ "C.test_b": "FAILED", test_a: "PASSED" }, expected)).toBe(1);
  });
  it("is 0 for a different status, a different key count or an unexpected key", () => {
    expect(r2eReward({ test_a: "PASSED", "C.test_b": "PASSED" }, expected)).toBe(0);
    expect(r2eReward({ test_a: "PASSED" }, expected)).toBe(0);
    expect(r2eReward({ test_a: "PASSED", "C.test_z": "FAILED" }, expected)).toBe(0);
  });
  it("ignores the empty key (collection errors) but still counts it, and normalises ' - ' suffixes", () => {
    expect(r2eReward({ test_a: "PASSED", "": "ERROR" }, { test_a: "PASSED", other: "PASSED" })).toBe(1);
    expect(r2eReward({ "test_a - msg": "PASSED" }, { test_a: "PASSED" })).toBe(1);
  });
});
