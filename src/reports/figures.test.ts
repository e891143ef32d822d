// Every figure of a full report decodes as a PNG of sensible size that is not blank, and its SVG is real vector output.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportResult } from "./build-report.js";
import { collectReport } from "./testing/collect.js";
import { decodePng, inkStatistics } from "./testing/png-decode.js";
import { outcomes, r2eAction, writeSyntheticRun } from "./testing/synthetic-runs.js";

let root = "";
let result: ReportResult;

const trainerLog = (scale: number): Record<string, unknown>[] =>
  Array.from({ length: 8 }, (_, step) => ({
    current_steps: step + 1,
    total_steps: 8,
    loss: 0.69 - step * 0.05 * scale,
    lr: 1e-5,
    epoch: (step + 1) / 8,
    policy_entropy: 1.2 - step * 0.03,
    "policy_entropy/chosen": 1.1 - step * 0.03,
    "policy_entropy/rejected": 1.3 - step * 0.02,
    "rewards/chosen": step * 0.1,
    "rewards/rejected": -step * 0.1,
    "rewards/margins": step * 0.2,
    z0: 0.05,
  }));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "entropo-report-fig-"));
  const base = { model: "Qwen/Qwen3-4B", benchmark: "swe-bench-lite", n: 4 };
  const rows = [
    [[1, 0, 0, 1], [0, 0, 0, 0], [1, 1, 0, 1], [0, 1, 0, 0]],
    [[0, 0, 0, 1], [0, 1, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]],
  ];
  for (const [alphaIndex, alpha] of [0.11, 0.2].entries()) {
    for (const [index, matrix] of rows.entries()) {
      const instances = outcomes(alphaIndex === 0 ? matrix : [...matrix].reverse()).map((rollouts, instance) =>
        rollouts.map((rollout, rollout_index) => ({
          ...rollout,
          patch: rollout_index % 2 === 0 ? `patch ${instance}` : `patch ${instance}-${rollout_index}`,
          actions: [r2eAction("file_editor", "view"), ...(rollout_index === 0 ? [] : [r2eAction("execute_bash")]), r2eAction("finish")],
        })),
      );
      await writeSyntheticRun(root, `kto-a${alpha}-${index}`, {
        metadata: { ...base, stage: "entropo-kto", run_index: index, entro_alpha: alpha, pref_beta: 0.1, trainer_log: "trainer_log.jsonl" },
        instances,
        trainerLog: trainerLog(alpha * 10),
        bestOfK: {
          n: 4,
          curves: [{ strategy: "lite", points: [1, 2, 3, 4].map((k) => ({ k, rate: 20 + k * 5 + index })) }],
          ablation: [
            { name: "full", rate: 40 + index },
            { name: "no finished filter", rate: 35 },
            { name: "no verifier filter", rate: 30 },
          ],
        },
      });
    }
  }
  for (const [index, temperature] of [0.2, 0.7, 1.0].entries()) {
    await writeSyntheticRun(root, `sft-t${temperature}`, {
      metadata: { ...base, stage: "sft", run_index: index, temperature },
      instances: outcomes([[1, 0, 0, index > 0 ? 1 : 0], [0, 0, 0, 0], [1, index > 1 ? 1 : 0, 0, 0]]),
    });
  }
  ({ result } = await collectReport({ runs: [root], outDir: join(root, "out"), formats: ["md", "html"] }));
});

afterAll(async () => {
  if (process.env.KEEP_REPORT_TEST === undefined) await rm(root, { recursive: true, force: true });
});

describe("figures", () => {
  it("draws best-of-K, ablation, α, temperature, diversity and training figures", () => {
    expect(result.figures.map((figure) => figure.id)).toEqual([
      "figure2-best-of-k",
      "figure3-selector-ablation",
      "figure3-entro-alpha",
      "figure4-temperature",
      "diversity",
      "training-loss",
      "training-rewards",
      "training-policy-entropy",
    ]);
  });

  it("writes PNGs of sensible size with real ink and several colours", async () => {
    for (const figure of result.figures) {
      const image = decodePng(await readFile(join(root, "out", figure.png)));
      expect(image.width, figure.id).toBe(figure.width);
      expect(image.width, figure.id).toBeGreaterThan(600);
      expect(image.height, figure.id).toBeGreaterThan(400);
      expect(image.width, figure.id).toBeLessThan(4000);
      const { inkFraction, colours } = inkStatistics(image);
      expect(inkFraction, figure.id).toBeGreaterThan(0.01);
      expect(inkFraction, figure.id).toBeLessThan(0.9);
      expect(colours, figure.id).toBeGreaterThan(4);
    }
  });

  it("writes SVGs with drawn paths and axis text", async () => {
    for (const figure of result.figures) {
      const svg = await readFile(join(root, "out", figure.svg), "utf8");
      expect(svg.startsWith("<svg"), figure.id).toBe(true);
      expect(svg, figure.id).toContain("<path");
      expect(svg, figure.id).toContain(figure.title);
    }
  });

  it("plots the R2E-Gym reference curves beside the user's curves", async () => {
    const data = result.tables.find((table) => table.id === "figure2-data");
    const labels = data?.rows.map((row) => row[0]) ?? [];
    expect(labels).toContain("Qwen3-4B entropo-kto α=0.11 pass@k");
    expect(labels).toContain("Qwen3-4B entropo-kto α=0.11 lite");
    expect(labels).toContain("paper Qwen3-4B entropo-kto (swe-bench-lite, Table 1)");
    expect(labels).toContain("R2E-Gym 32B hybrid (swe-bench-verified)");
    const lite = data?.rows.find((row) => row[0] === "Qwen3-4B entropo-kto α=0.11 lite");
    expect(lite?.slice(1, 5)).toEqual(["25.5", "30.5", "35.5", "40.5"]);
  });

  it("tabulates the α and temperature sweeps and the training logs", () => {
    const alpha = result.tables.find((table) => table.id === "figure3-data");
    expect(alpha?.rows.map((row) => row[1])).toEqual(["0.11", "0.2"]);
    const temperature = result.tables.find((table) => table.id === "figure4-data");
    expect(temperature?.rows.map((row) => [row[1], row[3]])).toEqual([
      ["0.2", "16.7 (1 run)"],
      ["0.7", "25.0 (1 run)"],
      ["1", "33.3 (1 run)"],
    ]);
    const training = result.tables.find((table) => table.id === "training-table");
    expect(training?.rows).toHaveLength(4);
    expect(training?.rows[0]?.slice(2)).toEqual(["8", (0.69 - 7 * 0.05 * 1.1).toFixed(4), "1.4000", "0.0500", (1.2 - 7 * 0.03).toFixed(4), (1.1 - 7 * 0.03).toFixed(4), (1.3 - 7 * 0.02).toFixed(4)]);
  });

  it("writes an HTML variant that references the SVG figures", async () => {
    const html = await readFile(join(root, "out", "report.html"), "utf8");
    expect(html).toContain('<img src="figures/figure2-best-of-k.svg"');
    expect(html).toContain("<table id=\"table2\">");
  });
});
