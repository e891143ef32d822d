// Golden Table 1 from synthetic runs: means and sample standard deviations computed independently here.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectReport } from "./testing/collect.js";
import { outcomes, writeSyntheticRun } from "./testing/synthetic-runs.js";
import type { ReportResult } from "./build-report.js";

/** Independent: variance from the sum of squares, sqrt((Σx² − n·x̄²)/(n − 1)). */
function expectedMeanStd(values: number[]): string {
  const n = values.length;
  const average = values.reduce((a, b) => a + b) / n;
  const squares = values.reduce((a, b) => a + b * b, 0);
  return `${average.toFixed(1)} ± ${Math.sqrt((squares - n * average * average) / (n - 1)).toFixed(1)}`;
}

/** Independent pass@1: resolved rollouts over all rollouts (every instance has the same N here). */
const resolvedShare = (rows: number[][]): number => (100 * rows.flat().filter((value) => value === 1).length) / rows.flat().length;

function seededOutcomes(seed: number, instances: number, n: number): number[][] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: instances }, () => Array.from({ length: n }, () => (next() < 0.35 ? 1 : 0)));
}

const model = "Qwen/Qwen3-Coder-30B-A3B-Instruct";
const kto = [
  [[1, 1, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 0, 0]],
  [[1, 1, 0, 0], [0, 0, 0, 0], [1, 1, 1, 0], [1, 1, 0, 0], [0, 0, 0, 1]],
  [[1, 1, 1, 0], [0, 0, 1, 0], [1, 1, 1, 1], [1, 0, 0, 0], [0, 0, 0, 0]],
];
const sft = [seededOutcomes(7, 6, 4), seededOutcomes(99, 6, 4)];
const picks = [
  [["inst-0", 0], ["inst-1", 0], ["inst-2", 0], ["inst-3", 1], ["inst-4", 0]],
  [["inst-0", 0], ["inst-1", 0], ["inst-2", 3], ["inst-3", 0], ["inst-4", 3]],
] as const;

let root = "";
let result: ReportResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "entropo-report-t1-"));
  const base = { model, benchmark: "princeton-nlp/SWE-bench_Verified", n: 4 };
  for (const [index, rows] of kto.entries()) {
    const selection =
      index < 2
        ? { strategy: "verified", picks: picks[index]?.map(([instance_id, rollout_index]) => ({ instance_id, rollout_index })) }
        : { strategy: "verified", instances: 5, resolved: 4 };
    await writeSyntheticRun(root, `kto-${index}`, { metadata: { ...base, stage: "entropo-kto", run_index: index }, instances: outcomes(rows), selection });
  }
  for (const [index, rows] of sft.entries()) await writeSyntheticRun(root, `sft-${index}`, { metadata: { ...base, stage: "sft", run_index: index }, instances: outcomes(rows) });
  await writeSyntheticRun(root, "origin-0", { metadata: { ...base, stage: "origin", run_index: 0 }, instances: outcomes([[1, 0, 0, 0], [0, 0, 0, 0]]) });
  await writeSyntheticRun(root, "dpo-0", { metadata: { ...base, stage: "dpo", run_index: 0, n: 1 }, instances: outcomes([[1], [0], [0]]) });
  ({ result } = await collectReport({ runs: [root], outDir: join(root, "out") }));
});

afterAll(async () => {
  if (process.env.KEEP_REPORT_TEST === undefined) await rm(root, { recursive: true, force: true });
});

describe("Table 1", () => {
  it("prints mean ± sample std over runs, TTS from selection.json, pass@N and the paper's values", () => {
    const table = result.tables.find((one) => one.id === "table1-princeton-nlp/SWE-bench_Verified");
    expect(table?.columns).toEqual(["Model", "Stage", "Runs", "Instances", "Pass@1 (%)", "Paper pass@1", "N", "TTS (%)", "Selector", "Paper TTS (N=16)", "Pass@N (%)"]);
    const ktoPass1 = kto.map(resolvedShare);
    const ktoTts = [(100 * 3) / 5, (100 * 3) / 5, (100 * 4) / 5];
    const ktoPassN = kto.map((rows) => (100 * rows.filter((row) => row.includes(1)).length) / rows.length);
    const row = (stage: string): string[] | undefined => table?.rows.find((cells) => cells[1] === stage);
    expect(row("entropo-kto")).toEqual([model, "entropo-kto", "3", "5", expectedMeanStd(ktoPass1), "51.6 ± 0.7", "4", expectedMeanStd(ktoTts), "verified", "59.4 ± 0.3", expectedMeanStd(ktoPassN)]);
    expect(expectedMeanStd(ktoPass1)).toBe("40.0 ± 5.0");
    expect(row("sft")?.slice(2, 6)).toEqual(["2", "6", expectedMeanStd(sft.map(resolvedShare)), "43.8 ± 0.8"]);
    expect(row("origin")?.slice(4, 6)).toEqual(["12.5 (1 run)", "37.7 ± 0.2"]);
    expect(row("dpo")?.slice(4, 8)).toEqual(["33.3 (1 run)", "—", "1", "—"]);
    expect(table?.rows.map((cells) => cells[1])).toEqual(["origin", "sft", "dpo", "entropo-kto"]);
    expect(table?.notes.join(" ")).toContain("single run");
  });

  it("ranks the best single run and the best TTS among the paper's leaderboard", () => {
    const table = result.tables.find((one) => one.id === "table2");
    const submissions = table?.rows.map((cells) => cells[0]) ?? [];
    expect(table?.rows).toContainEqual(["yours: entropo-kto-TTS", model, "—", "80.0", "—"]);
    expect(table?.rows).toContainEqual(["yours: entropo-kto", model, "—", "45.0", "—"]);
    expect(submissions.indexOf("yours: entropo-kto-TTS")).toBeLessThan(submissions.indexOf("Refact.ai"));
    expect(submissions.indexOf("yours: entropo-kto")).toBeGreaterThan(submissions.indexOf("Skywork-SWE-TTS"));
    expect(submissions.indexOf("yours: entropo-kto")).toBeLessThan(submissions.indexOf("SWE-fixer"));
    expect(submissions.indexOf("yours: entropo-kto")).toBeGreaterThan(submissions.indexOf("EntroPO-KTO"));
  });

  it("writes a Markdown report with the same cells", async () => {
    const { readFile } = await import("node:fs/promises");
    const markdown = await readFile(result.reportPath, "utf8");
    expect(result.reportPath.endsWith("report.md")).toBe(true);
    expect(markdown).toContain(`| ${model} | entropo-kto | 3 | 5 | 40.0 ± 5.0 | 51.6 ± 0.7 |`);
    expect(markdown).not.toContain("Only one run was given");
  });
});
