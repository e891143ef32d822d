// The entropy experiment's report section from a real fixed-point-only result (python --seeds 0, seconds).
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { entropyResultSchema, type EntropyResult } from "../experiments/entropy-result.js";
import { trainingEnv } from "../training/python-env.js";
import { trainingPythonOrSkip } from "../training/testing/train-helpers.js";
import { entropySection } from "./entropy-section.js";

const python = trainingPythonOrSkip();
let result: EntropyResult;

beforeAll(async () => {
  if (python === undefined) return;
  const out = await mkdtemp(join(tmpdir(), "entropo-entropy-fp-"));
  await execa(python, ["-m", "entropo_trainer", "experiment", "entropy", "--seeds", "0", "--out", out], { env: trainingEnv() });
  result = entropyResultSchema.parse(JSON.parse(await readFile(join(out, "result.json"), "utf8")));
}, 300_000);

type Datum = { series: string; x: number; y: number };
const lineData = (spec: unknown): Datum[] => (spec as { data: { values: Datum[] }[] }).data[0]?.values ?? [];

describe.runIf(python !== undefined)("entropySection", () => {
  it("tabulates the fixed point for 1 and 2 turns at α/β = 1, 1.1, 2, 5 within the tolerance", () => {
    expect(result.stack).toBeNull();
    const section = entropySection(result, "result.json");
    const table = section.tables.find((candidate) => candidate.id === "entropy-fixed-point");
    expect(table?.rows.map((row) => [row[0], row[1]])).toEqual([
      ["1", "1"], ["1", "1.1"], ["1", "2"], ["1", "5"], ["2", "1"], ["2", "1.1"], ["2", "2"], ["2", "5"],
    ]);
    for (const row of table?.rows ?? []) expect(Number(row[2])).toBeLessThanOrEqual(1e-3);
    expect(section.tables.some((candidate) => candidate.id === "entropy-stack")).toBe(false);
    expect(section.paragraphs.join(" ")).toContain("fixed-point part only");
  });

  it("plots π*'s entropy rising with α, and the first-turn distributions of π_ref and π*", () => {
    const section = entropySection(result, "result.json");
    const curve = lineData(section.figures[0]?.spec).filter((datum) => datum.series === "π* (designed reference)");
    expect(curve.map((datum) => datum.x)).toEqual([1, 1.1, 2, 5]);
    expect(curve.map((datum) => datum.y)).toEqual([...curve.map((datum) => datum.y)].sort((a, b) => a - b));
    const bars = (section.figures[1]?.spec as { data: { values: { group: string; category: string; value: number }[] }[] }).data[0]?.values ?? [];
    expect(new Set(bars.map((bar) => bar.group))).toEqual(new Set(["A", "B", "C", "D", "E"]));
    const reference = bars.filter((bar) => bar.category === "π_ref").map((bar) => bar.value);
    expect(reference.map((value) => Math.round(value * 100) / 100)).toEqual([0.7, 0.15, 0.08, 0.05, 0.02]);
  });
});
