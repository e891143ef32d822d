// `entropo report` end to end in-process: NDJSON events with --json, terminal tables otherwise, exit 2 on bad input.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomes, writeSyntheticRun } from "../../reports/testing/synthetic-runs.js";
import { runCliInProcess } from "../../testing/run-cli.js";
import { parseFormats } from "./report.js";

let root = "";

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "entropo-report-cli-"));
  for (const index of [0, 1]) {
    await writeSyntheticRun(root, `run-${index}`, {
      metadata: { model: "Qwen/Qwen3-4B", stage: "entropo-kto", benchmark: "swe-bench-lite", run_index: index, n: 2 },
      instances: outcomes([[1, index], [0, 0], [1, 1]]),
    });
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("entropo report", () => {
  it("prints NDJSON ending in the result with --json and writes md and html", async () => {
    const out = join(root, "out-json");
    const { code, stdout } = await runCliInProcess(["report", "--runs", join(root, "run-0"), join(root, "run-1"), "--out", out, "--format", "md,html", "--json"]);
    expect(code).toBe(0);
    const events = stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; command?: string; data?: { reportPath: string; tables: { id: string; rows: string[][] }[] } });
    const result = events.at(-1);
    expect(result?.type).toBe("result");
    expect(result?.data?.reportPath).toBe(join(out, "report.md"));
    const table = result?.data?.tables.find((one) => one.id === "table1-swe-bench-lite");
    // pass@1 per run: (2+0+2)/6 and (1+0+2)/6 in percent.
    const values = [400 / 6, 300 / 6];
    const average = (values[0]! + values[1]!) / 2;
    const std = Math.sqrt(((values[0]! - average) ** 2 + (values[1]! - average) ** 2) / 1);
    expect(table?.rows[0]?.[4]).toBe(`${average.toFixed(1)} ± ${std.toFixed(1)}`);
    expect(table?.rows[0]?.[5]).toBe("4.8 ± 0.4");
    expect((await stat(join(out, "report.html"))).size).toBeGreaterThan(1000);
  });

  it("prints the tables in the terminal without --json", async () => {
    const { code, stdout } = await runCliInProcess(["report", "--runs", root, "--out", join(root, "out-text")]);
    expect(code).toBe(0);
    expect(stdout).toContain("Table 1 — swe-bench-lite: resolve rate (%)");
    expect(stdout).toMatch(/Qwen\/Qwen3-4B\s+entropo-kto\s+2\s+3/);
    expect(stdout).toContain(`report: ${join(root, "out-text", "report.md")}`);
  });

  it("exits 2 naming the directory and field of a bad run", async () => {
    const bad = await writeSyntheticRun(root, "bad/run", { metadata: { model: "m", stage: "sft", benchmark: "b" }, instances: outcomes([[1]]) });
    const { code, stderr } = await runCliInProcess(["report", "--runs", bad, "--out", join(root, "out-bad")]);
    expect(code).toBe(2);
    expect(stderr).toContain(join(bad, "run.json"));
    expect(stderr).toContain("field run_index");
    await rm(bad, { recursive: true, force: true });
  });

  it("parses --format lists and rejects unknown formats", () => {
    expect(parseFormats("md,html")).toEqual(["md", "html"]);
    expect(() => parseFormats("md,pdf")).toThrow(/--format .*md,pdf/);
  });
});
