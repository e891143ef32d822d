// stageOutcomes on a finished pipeline directory written by the real writers (testing/finished-pipeline.ts).
import { appendFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PipelineConfig } from "./pipeline-config.js";
import { stageOutcomes, type StageOutcome } from "./stage-outcome.js";
import { finishedAt, finishedPipeline } from "./testing/finished-pipeline.js";
import { readTrainerScript, trainerScriptFixture } from "../training/testing/trainer-script.js";

describe("stageOutcomes", () => {
  let pipeline: PipelineConfig;
  let outcomes: Map<string, StageOutcome>;
  beforeAll(async () => {
    pipeline = await finishedPipeline();
    outcomes = await stageOutcomes(pipeline);
  });

  it("reads each finished stage's result from its outputs and leaves out stages that never finished", async () => {
    const out = join(pipeline.baseDir, "out");
    const script = await readTrainerScript(trainerScriptFixture("tiny-sft-bridge"));
    const lastLoss = script.flatMap((line) => (line.type === "metrics" && typeof line.metrics.loss === "number" ? [line.metrics.loss] : [])).at(-1);
    expect([...outcomes.keys()]).toEqual(["sft-data", "sft", "eval-rollouts", "select", "report"]);
    expect(outcomes.get("sft-data")?.result).toEqual({ kind: "data", file: join(out, "datasets", "demo_sft.json"), rows: 3 });
    expect(outcomes.get("sft")?.result).toEqual({ kind: "train", outputDir: join(out, "checkpoints", "sft"), status: "finished", steps: 4, loss: lastLoss });
    expect(outcomes.get("eval-rollouts")?.result).toEqual({ kind: "rollout", runDir: join(out, "rollouts", "eval"), recorded: 6, resolved: 4, expected: 6, model: "tiny-qwen3-entropo-kto" });
    expect(outcomes.get("select")?.result).toEqual({ kind: "select", predictions: join(out, "rollouts", "eval", "predictions.jsonl"), strategy: "oracle", instances: 3, resolved: 2 });
    expect(outcomes.get("report")?.result).toEqual({ kind: "report", report: join(out, "report", "report.md") });
    expect(outcomes.get("sft")).toMatchObject({ finishedAt, seconds: 95, problem: null, outputs: [{ path: join(out, "checkpoints", "sft", "adapter_config.json"), exists: true }] });
  });
});

describe("stageOutcomes on damaged outputs", () => {
  it("reports an unreadable output as the stage's problem instead of failing, and a removed one as missing", async () => {
    const pipeline = await finishedPipeline();
    const out = join(pipeline.baseDir, "out");
    await appendFile(join(out, "rollouts", "eval", "trajectories.jsonl"), "{not json\n");
    await rm(join(out, "report", "report.md"));
    const outcomes = await stageOutcomes(pipeline);
    expect(outcomes.get("eval-rollouts")).toMatchObject({ result: null, problem: `${join(out, "rollouts", "eval", "trajectories.jsonl")}:7: invalid JSON (Expected property name or '}' in JSON at position 1)` });
    expect(outcomes.get("report")).toMatchObject({ result: null, problem: null, outputs: [{ path: join(out, "report", "report.md"), exists: false }] });
  });
});
