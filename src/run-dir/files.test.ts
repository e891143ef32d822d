// selection.json, best-of-k.json, predictions and events.ndjson: what the writer writes is what the reader accepts (one
// schema per file), hand-written minimal files are read, and bad ones name the file, the line and the field.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bestOfK } from "../selection/best-of-k.js";
import { selectRuns } from "../selection/select-runs.js";
import { makeRun, record } from "../selection/testing/run-files.js";
import { collectAll } from "../testing/collect.js";
import { readBestOfKFile, writeBestOfKFile } from "./best-of-k.js";
import { appendEventLine, readEventLines } from "./events.js";
import { runDirPaths, selectionFilesBeside } from "./layout.js";
import { readPredictionsFile, writePredictionsFile } from "./predictions.js";
import { readSelectionFile } from "./selection.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
function tempDir(): string {
  const root = mkdtempSync(join(tmpdir(), "entropo-run-files-"));
  roots.push(root);
  return root;
}

describe("layout", () => {
  it("names every file of a run directory and puts selection files beside the predictions", () => {
    expect(runDirPaths("/r")).toEqual({
      runJson: "/r/run.json",
      trajectories: "/r/trajectories.jsonl",
      events: "/r/events.ndjson",
      selection: "/r/selection.json",
      bestOfK: "/r/best-of-k.json",
      predictions: "/r/predictions.jsonl",
      lock: "/r/.lock",
    });
    expect(selectionFilesBeside("/r/out/p.jsonl")).toEqual({ selection: "/r/out/selection.json", bestOfK: "/r/out/best-of-k.json" });
  });
});

describe("selection.json and best-of-k.json", () => {
  it("read back exactly what entropo select wrote", async () => {
    const run = await makeRun([0, 1, 2].flatMap((instance) => [0, 1].map((index) => record({ instance_id: `i${instance}`, rollout_index: index, reward: (instance + index) % 2, finished: true }))));
    await collectAll(selectRuns({ runs: [run], strategy: "verified", out: join(run, "predictions.jsonl"), bestOfKTrials: 20 }));
    const selection = await readSelectionFile(run);
    expect(selection).toEqual(JSON.parse(readFileSync(join(run, "selection.json"), "utf8")));
    expect(selection?.picks?.map((pick) => pick.instance_id)).toEqual(["i0", "i1", "i2"]);
    expect(selection?.summary).toMatchObject({ strategy: "verified", instances: 3 });
    const curves = await readBestOfKFile(run);
    expect(curves).toEqual(JSON.parse(readFileSync(join(run, "best-of-k.json"), "utf8")));
    expect(curves?.curves.map((curve) => curve.strategy)).toContain("verified");
    expect((await readPredictionsFile(join(run, "predictions.jsonl"))).map((prediction) => prediction.rollout_index)).toEqual(selection?.picks?.map((pick) => pick.rollout_index));
  });

  it("accept hand-written minimal files and name what a bad one lacks", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "selection.json"), JSON.stringify({ strategy: "lite", resolved: 3, instances: 5 }));
    expect(await readSelectionFile(dir)).toEqual({ strategy: "lite", resolved: 3, instances: 5 });
    writeFileSync(join(dir, "selection.json"), JSON.stringify({ strategy: "lite", predictions: [{ instance_id: "a", rollout_index: 0 }] }));
    await expect(readSelectionFile(dir)).rejects.toThrow(`${join(dir, "selection.json")}: field picks: needs picks`);
    expect(await readBestOfKFile(tempDir())).toBeUndefined();
    writeFileSync(join(dir, "best-of-k.json"), JSON.stringify({ curves: [{ strategy: "lite", points: [{ k: 1, rate: 40 }] }], ablation: [{ name: "lite-no-verifier", rate: 30 }] }));
    expect((await readBestOfKFile(dir))?.ablation).toEqual([{ name: "lite-no-verifier", rate: 30 }]);
    writeFileSync(join(dir, "best-of-k.json"), JSON.stringify({ curves: [{ strategy: "lite", points: [] }] }));
    await expect(readBestOfKFile(dir)).rejects.toThrow(/field curves\.0\.points/);
  });

  it("the writer refuses what its own reader would refuse", async () => {
    const report = bestOfK([[{ instanceId: "a", rolloutIndex: 0, resolved: true, finished: true, regressionPassed: null, reproductionScore: 0, verifierProb: null, steps: 1, order: 0 }]], { trials: 5 });
    const file = join(tempDir(), "best-of-k.json");
    await writeBestOfKFile(file, report);
    await expect(writeBestOfKFile(file, { ...report, curves: [{ strategy: "", points: [] }] })).rejects.toThrow(/field curves\.0\.strategy/);
  });
});

describe("predictions", () => {
  it("round-trip as JSONL and as a JSON array; a bad line names the line and the field", async () => {
    const dir = tempDir();
    const predictions = [
      { instance_id: "a", model_name_or_path: "m", model_patch: "diff" },
      { instance_id: "b", model_name_or_path: "m", model_patch: "", rollout_index: 2 },
    ];
    for (const name of ["p.jsonl", "p.json"]) {
      await writePredictionsFile(join(dir, name), predictions);
      expect(await readPredictionsFile(join(dir, name))).toEqual(predictions);
    }
    expect(readFileSync(join(dir, "p.json"), "utf8").startsWith("[")).toBe(true);
    writeFileSync(join(dir, "bad.jsonl"), `${JSON.stringify(predictions[0])}\n${JSON.stringify({ instance_id: "c", model_patch: "x" })}\n`);
    await expect(readPredictionsFile(join(dir, "bad.jsonl"))).rejects.toThrow(`${join(dir, "bad.jsonl")}:2: field model_name_or_path`);
    await expect(writePredictionsFile(join(dir, "w.jsonl"), [{ instance_id: "", model_name_or_path: "m", model_patch: "" }])).rejects.toThrow(/field instance_id/);
  });
});

describe("events.ndjson", () => {
  it("stores each event with its time and reads it back; an unknown type names the line", async () => {
    const file = join(tempDir(), "events.ndjson");
    await appendEventLine(file, { type: "log", level: "info", message: "key sk-secret-value-123 here" }, ["sk-secret-value-123"]);
    await appendEventLine(file, { type: "rollouts.progress", done: 1, total: 2, resolved: 1, containersAlive: 0, tokens: 5, skipped: 0 }, []);
    const lines = await collectAll(readEventLines(file));
    expect(lines.map((line) => line.type)).toEqual(["log", "rollouts.progress"]);
    expect(lines[0]).toMatchObject({ message: "key [redacted] here" });
    expect(Number.isNaN(Date.parse(lines[0]?.time ?? ""))).toBe(false);
    writeFileSync(file, `${JSON.stringify({ time: new Date().toISOString(), type: "rollout.done" })}\n`);
    await expect(collectAll(readEventLines(file))).rejects.toThrow(`${file}:1: field type`);
  });
});
