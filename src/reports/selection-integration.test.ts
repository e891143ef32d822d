// The report reads what `entropo select` writes: selection.json picks become TTS, best-of-k.json curves and ablation plot.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { BestOfKReport } from "../selection/best-of-k.js";
import { isResultOf } from "../core/events.js";
import { selectRuns, type SelectRunsResult } from "../selection/select-runs.js";
import type { ReportResult } from "./build-report.js";
import type { bestOfKFileSchema } from "../run-dir/best-of-k.js";
import { collectReport } from "./testing/collect.js";
import { outcomes, writeSyntheticRun } from "./testing/synthetic-runs.js";

// Compile-time alignment: the selection engine's best-of-K report is an input the report's schema accepts.
const aligned: (report: BestOfKReport) => z.input<typeof bestOfKFileSchema> = (report) => report;

let root = "";
const summaries: SelectRunsResult[] = [];
let result: ReportResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "entropo-report-select-"));
  const matrices = [
    [[0, 1, 0, 0], [0, 0, 0, 0], [1, 1, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0]],
    [[1, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 1]],
  ];
  for (const [index, matrix] of matrices.entries()) {
    const dir = await writeSyntheticRun(root, `run-${index}`, {
      metadata: { model: "Qwen/Qwen3-4B", stage: "entropo-dpo", benchmark: "swe-bench-verified", run_index: index, n: 4 },
      instances: outcomes(matrix),
    });
    for await (const event of selectRuns({ runs: [dir], strategy: "verified", out: join(dir, "predictions.jsonl"), bestOfKTrials: 40 })) {
      if (isResultOf(event, "select")) summaries.push(event.data);
    }
  }
  ({ result } = await collectReport({ runs: [root], outDir: join(root, "out") }));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("report over `entropo select` outputs", () => {
  it("shows the selector's resolve rate as TTS (mean ± sample std over runs)", () => {
    expect(typeof aligned).toBe("function");
    const rates = summaries.map((summary) => 100 * summary.resolveRate);
    const average = (rates[0]! + rates[1]!) / 2;
    const std = Math.abs(rates[0]! - rates[1]!) / Math.SQRT2;
    const row = result.tables.find((table) => table.id === "table1-swe-bench-verified")?.rows[0];
    expect(row?.[7]).toBe(`${average.toFixed(1)} ± ${std.toFixed(1)}`);
    expect(row?.[8]).toBe("verified");
    expect(row?.[9]).toBe("11.1 ± 0.3");
  });

  it("plots the selector's curves without the oracle and ablation variants, and the ablation bars", () => {
    const labels = result.tables.find((table) => table.id === "figure2-data")?.rows.map((row) => row[0]) ?? [];
    expect(labels).toContain("Qwen3-4B entropo-dpo verified");
    expect(labels).toContain("Qwen3-4B entropo-dpo lite");
    expect(labels.some((label) => label?.endsWith(" oracle") || label?.includes("-no-"))).toBe(false);
    const ablation = result.tables.find((table) => table.id === "figure3-ablation-data")?.rows.map((row) => row[1]) ?? [];
    expect(ablation).toContain("verified");
    expect(ablation.some((name) => name?.startsWith("verified-no-"))).toBe(true);
    expect(result.figures.map((figure) => figure.id)).toContain("figure3-selector-ablation");
  });
});
