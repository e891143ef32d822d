// `entropo experiment entropy --quick` end to end through the real binary (CI runs this): interrupted after its first
// training run it stops cleanly; re-run, it resumes without retraining that run and writes the result, report and figures.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { projectRoot } from "../util/paths.js";
import { trainingPythonOrSkip } from "../training/testing/train-helpers.js";
import { entropyResultSchema } from "./entropy-result.js";
import { experimentMarkerEnv } from "./run-entropy-experiment.js";

const python = trainingPythonOrSkip();
const bin = join(projectRoot(), "bin", "entropo.js");

type Run = { code: number | null; events: PipelineEvent[]; stderr: string };

/** Runs the CLI with --json; `onEvent` may return true to send SIGINT (once). */
function runCli(args: string[], onEvent: (event: PipelineEvent) => boolean = () => false): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    const events: PipelineEvent[] = [];
    let stderr = "";
    let interrupted = false;
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.trim() === "") return;
      const event = JSON.parse(line) as PipelineEvent;
      events.push(event);
      if (!interrupted && onEvent(event)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    child.on("close", (code) => resolve({ code, events, stderr }));
  });
}

/** Live processes that inherited the experiment's marker for `out` (leftover workers). */
function leftovers(out: string): number[] {
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      const zombie = /State:\s+Z/.test(readFileSync(`/proc/${entry}/status`, "utf8"));
      return environ.includes(`${experimentMarkerEnv}=${out}`) && !zombie ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

const stackDone = (event: PipelineEvent): number => (event.type === "progress" && event.task === "experiment.stack" ? event.done : -1);

describe.runIf(python !== undefined)("entropo experiment entropy --quick", () => {
  it("stops cleanly when interrupted, resumes, and writes result.json (fixed point within tolerance, 3 α × 3 seeds), report and figures", async () => {
    const out = await mkdtemp(join(tmpdir(), "entropo-entropy-"));
    const first = await runCli(["experiment", "entropy", "--quick", "--out", out], (event) => stackDone(event) >= 1);
    expect(first.code, first.stderr.slice(-2000)).toBe(130);
    expect(leftovers(out)).toEqual([]);
    const finished = readdirSync(join(out, "work", "runs")).filter((name) => existsSync(join(out, "work", "runs", name, "result.json")));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    const stamp = statSync(join(out, "work", "runs", finished[0] ?? "", "result.json")).mtimeMs;

    const second = await runCli(["experiment", "entropy", "--quick", "--out", out]);
    expect(second.code, second.stderr.slice(-2000)).toBe(0);
    expect(statSync(join(out, "work", "runs", finished[0] ?? "", "result.json")).mtimeMs).toBe(stamp); // not retrained
    expect(Math.max(...second.events.map(stackDone))).toBe(9);

    const result = entropyResultSchema.parse(JSON.parse(await readFile(join(out, "result.json"), "utf8")));
    expect(result.fixed_point.tolerance).toBe(1e-3);
    expect(result.fixed_point.max_abs_logprob_error).toBeLessThanOrEqual(1e-3);
    expect(result.fixed_point.entropy_by_alpha.map((row) => row.alpha / row.beta)).toEqual([1, 1.1, 2, 5, 1, 1.1, 2, 5]);
    for (const turns of [1, 2]) {
      const entropies = result.fixed_point.entropy_by_alpha.filter((row) => row.turns === turns).map((row) => row.optimal_entropy);
      expect(entropies).toEqual([...entropies].sort((a, b) => a - b));
    }
    const cells = result.stack?.entropy_by_alpha ?? [];
    expect(cells.map((cell) => [cell.loss, Math.round((cell.alpha / cell.beta) * 10) / 10, cell.seeds])).toEqual([
      ["dpo", 1, [0, 1, 2]],
      ["dpo", 1.1, [0, 1, 2]],
      ["dpo", 2, [0, 1, 2]],
    ]);
    for (const cell of cells) {
      expect(cell.mean).toBeGreaterThan(0);
      expect(cell.mean).toBeLessThanOrEqual(Math.log(25) + 1e-9);
      expect(cell.std).toBeGreaterThanOrEqual(0);
      expect(cell.first_turn.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 6);
    }
    const report = await readFile(join(out, "report.md"), "utf8");
    expect(report).toContain("EntroPO's effect on entropy");
    expect(report).toContain("EntroPO-DPO");
    for (const figure of ["entropy-vs-alpha", "entropy-actions"]) {
      expect(statSync(join(out, "figures", `${figure}.png`)).size).toBeGreaterThan(1000);
      expect(readFileSync(join(out, "figures", `${figure}.svg`), "utf8")).toContain("<path");
    }
    const resultEvent = second.events.find((event) => event.type === "result");
    expect(resultEvent?.type === "result" && resultEvent.command).toBe("experiment");

    const reportDir = join(out, "combined");
    const combined = await runCli(["report", "--experiment", join(out, "result.json"), "--out", reportDir]);
    expect(combined.code, combined.stderr.slice(-2000)).toBe(0);
    expect(await readFile(join(reportDir, "report.md"), "utf8")).toContain("Trajectory entropy vs α/β");
    expect(existsSync(join(reportDir, "figures", "entropy-actions.png"))).toBe(true);

    const other = await runCli(["experiment", "entropy", "--out", out]); // full settings over quick runs: refused
    expect(other.code).toBe(2);
    expect(other.stderr + JSON.stringify(other.events)).toContain("settings.json");
  }, 1_800_000);

  it("rejects bad options and a malformed result file, naming them", async () => {
    const out = await mkdtemp(join(tmpdir(), "entropo-entropy-bad-"));
    const seeds = await runCli(["experiment", "entropy", "--out", out, "--seeds", "-1"]);
    expect(seeds.code).toBe(2);
    expect(JSON.stringify(seeds.events) + seeds.stderr).toContain("--seeds");
    const name = await runCli(["experiment", "entropi", "--out", out]);
    expect(name.code).toBe(2);
    expect(JSON.stringify(name.events) + name.stderr).toContain("entropi");
    const broken = join(out, "result.json");
    await writeFile(broken, JSON.stringify({ experiment: "entropy", quick: true, seconds: 1, fixed_point: { tolerance: 0.001 }, stack: null }));
    const report = await runCli(["report", "--experiment", broken, "--out", join(out, "report")]);
    expect(report.code).toBe(2);
    expect(JSON.stringify(report.events) + report.stderr).toContain(`${broken}: field fixed_point.max_abs_logprob_error`);
  }, 120_000);
});
