// Reports of zero runs and of one run say so instead of printing misleading statistics.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderTablesForTerminal } from "./format-terminal.js";
import { collectReport } from "./testing/collect.js";
import { outcomes, writeSyntheticRun } from "./testing/synthetic-runs.js";

let root = "";
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "entropo-report-count-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("run counts", () => {
  it("a report of zero runs says there are no results and shows only the paper's numbers", async () => {
    const { result, events } = await collectReport({ runs: [], outDir: join(root, "out") });
    const markdown = await readFile(result.reportPath, "utf8");
    expect(markdown).toContain("No run directories were given");
    expect(result.figures).toEqual([]);
    expect(result.tables.map((table) => table.id)).toEqual(["paper-table1-swe-bench-verified", "paper-table1-swe-bench-lite"]);
    expect(events.some((event) => event.type === "log" && event.level === "warn" && event.message.includes("No run directories"))).toBe(true);
  });

  it("a report of one run prints single values without a standard deviation and says why", async () => {
    const dir = await writeSyntheticRun(root, "only", {
      metadata: { model: "tiny", stage: "sft", benchmark: "quixbugs", run_index: 0 },
      instances: outcomes([[1], [0], [1], [0], [0]]),
    });
    const { result } = await collectReport({ runs: [dir], outDir: join(root, "out"), formats: ["md", "html"] });
    const markdown = await readFile(join(root, "out", "report.md"), "utf8");
    expect(markdown).toContain("Only one run was given");
    const table = result.tables.find((one) => one.id === "table1-quixbugs");
    expect(table?.rows).toEqual([["tiny", "sft", "1", "5", "40.0 (1 run)", "—"]]);
    expect(table?.rows.flat().join(" ")).not.toContain("±");
    expect(markdown).toContain("there is no best-of-K curve");
    expect(markdown).toContain("not ranked against the leaderboard");
    const terminal = renderTablesForTerminal(result.report);
    expect(terminal[0]).toContain("Only one run was given");
    expect(terminal.join("\n")).toMatch(/tiny\s+sft\s+1\s+5\s+40\.0 \(1 run\)/);
    expect(await readFile(join(root, "out", "report.html"), "utf8")).toContain("Only one run was given");
  });

  it("stops at the next run when the signal is aborted", async () => {
    for (const index of [0, 1]) {
      await writeSyntheticRun(root, `r${index}`, { metadata: { model: "m", stage: "sft", benchmark: "b", run_index: index }, instances: outcomes([[1]]) });
    }
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of (await import("./build-report.js")).buildReport({ runs: [root], outDir: join(root, "out"), signal: controller.signal })) {
          seen.push(event.type);
          controller.abort();
        }
      })(),
    ).rejects.toThrow("cancelled");
    expect(seen).toEqual(["progress"]);
  });
});
