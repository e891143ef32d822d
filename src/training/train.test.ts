// train()'s event logic on the scripted launcher (no Python): scripts recorded from real runs of the tiny SFT config
// (train.python.test.ts re-records them and checks their course) replayed into progress, loss, failures and cancel.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CancelledError, ExternalError } from "../core/errors.js";
import type { PipelineEvent } from "../core/events.js";
import { runMarkerEnv, train } from "./train.js";
import { PythonTrainingError } from "./trainer-errors.js";
import { scriptedLauncher } from "./testing/scripted-launcher.js";
import { collect, steps, tinyConfig } from "./testing/train-helpers.js";
import { readTrainerScript, trainerScriptFixture, type ScriptLine } from "./testing/trainer-script.js";
import { resultOf } from "../testing/result-of.js";

const work = mkdtempSync(join(tmpdir(), "entropo-train-fast-"));
const model = mkdtempSync(join(tmpdir(), "entropo-model-"));
const set = (out: string) => [`model_name_or_path=${model}`, `output_dir=${join(work, out)}`];
const record = (out: string) => JSON.parse(readFileSync(join(work, out, "entropo-train.json"), "utf8")) as Record<string, unknown>;
const losses = (script: ScriptLine[]) => script.flatMap((line) => (line.type === "metrics" && typeof line.metrics.loss === "number" ? [line.metrics.loss] : []));
const trainResult = (events: PipelineEvent[]) => resultOf(events, "train");

describe("train() on a scripted launcher", () => {
  it("reports progress, losses and checkpoints of the recorded tiny SFT run, and its final loss", async () => {
    const script = await readTrainerScript(trainerScriptFixture("tiny-sft-bridge"));
    const launcher = scriptedLauncher(script);
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: set("sft"), launcher }));
    expect(error).toBeUndefined();
    const outputDir = join(work, "sft");
    expect(events[0]).toMatchObject({ type: "train.start", outputDir, stage: "sft", launcher: "bridge", totalSteps: 4 });
    const trainSteps = steps(events);
    expect(trainSteps.map((event) => [event.step, event.totalSteps])).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    expect(trainSteps.map((event) => event.loss)).toEqual(losses(script));
    expect(trainSteps.every((event) => Number.isFinite(event.policyEntropy) && event.learningRate !== undefined)).toBe(true);
    expect(trainSteps.slice(2).every((event) => event.etaSeconds !== undefined && event.etaSeconds >= 0)).toBe(true);
    expect(events.filter((event) => event.type === "train.checkpoint")).toEqual([
      { type: "train.checkpoint", step: 2, path: join(outputDir, "checkpoint-2") },
      { type: "train.checkpoint", step: 4, path: join(outputDir, "checkpoint-4") },
    ]);
    expect(events.at(-2)).toEqual({ type: "train.finished", outputDir, steps: 4, interrupted: false });
    expect(trainResult(events)).toEqual({ outputDir, steps: 4, interrupted: false, loss: losses(script).at(-1), adapter: null, checkpoints: [join(outputDir, "checkpoint-2"), join(outputDir, "checkpoint-4")], launcher: "bridge" });
    expect(events.some((event) => event.type === "log" && event.source === "python" && event.message.includes("llamafactory"))).toBe(true);
    expect(record("sft")).toMatchObject({ status: "finished", steps: 4, loss: losses(script).at(-1), launcher: "bridge", versions: { llamafactory: "0.9.5" }, error: null });
    expect(readFileSync(join(outputDir, "entropo-train.log"), "utf8")).toContain("Process rank: 0, world size: 1");
    const [request] = launcher.requests;
    expect(request).toMatchObject({ kind: "bridge", outputDir, resuming: false, nproc: 1, configFile: join(outputDir, "entropo-config.yaml") });
    expect(request?.env[runMarkerEnv]).toBe(record("sft").runId);
  });

  it("hands several devices to the torchrun launcher", async () => {
    const launcher = scriptedLauncher(await readTrainerScript(trainerScriptFixture("tiny-sft-bridge")));
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: set("torchrun"), nproc: 2, launcher }));
    expect(error).toBeUndefined();
    expect(launcher.requests[0]).toMatchObject({ kind: "torchrun", nproc: 2, stopFile: join(work, "torchrun", ".entropo-stop") });
    expect(trainResult(events)).toMatchObject({ launcher: "torchrun", steps: 4 });
  });

  it("turns a recorded Python exception into PythonTrainingError with its traceback, recorded as failed", async () => {
    const launcher = scriptedLauncher(await readTrainerScript(trainerScriptFixture("python-error")));
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: set("raises"), launcher }));
    expect(error).toBeInstanceOf(PythonTrainingError);
    const pythonError = error as PythonTrainingError;
    expect(pythonError.message).toBe("training failed in Python: ValueError: Template no_such_template does not exist.");
    expect(pythonError.pythonTraceback).toMatch(/^Traceback \(most recent call last\)/);
    expect(pythonError.hint).toBe(`the Python traceback is in ${join(work, "raises", "entropo-train.log")}`);
    expect(events.some((event) => event.type === "train.finished" || event.type === "result")).toBe(false);
    expect(record("raises")).toMatchObject({ status: "failed", error: pythonError.message, loss: null });
  });

  it("a failed run in the output directory of a finished one keeps the finished run's record and config as *.previous", async () => {
    const outputDir = join(work, "again");
    const first = await collect(train({ config: tinyConfig("sft"), set: set("again"), launcher: scriptedLauncher(await readTrainerScript(trainerScriptFixture("tiny-sft-bridge"))) }));
    expect(first.error).toBeUndefined();
    const finished = record("again");
    const finishedConfig = readFileSync(join(outputDir, "entropo-config.yaml"), "utf8");
    const pythonError = await readTrainerScript(trainerScriptFixture("python-error"));
    const failing = () => train({ config: tinyConfig("sft"), set: [...set("again"), "max_steps=3"], launcher: scriptedLauncher(pythonError) });
    const second = await collect(failing());
    expect(second.error).toBeInstanceOf(PythonTrainingError);
    expect(record("again")).toMatchObject({ status: "failed", steps: null });
    expect(second.events).toContainEqual({ type: "log", level: "info", source: "train", message: `${outputDir} holds a finished run (${String(finished.runId)}, 4 steps): its record and resolved config are kept as entropo-train.previous.json and entropo-config.previous.yaml` });
    const previous = () => JSON.parse(readFileSync(join(outputDir, "entropo-train.previous.json"), "utf8")) as Record<string, unknown>;
    expect(previous()).toEqual(finished);
    expect(readFileSync(join(outputDir, "entropo-config.previous.yaml"), "utf8")).toBe(finishedConfig);
    expect(readFileSync(join(outputDir, "entropo-config.yaml"), "utf8")).toContain("max_steps: 3");
    const third = await collect(failing());
    expect(third.events.some((event) => event.type === "log" && event.message.includes("previous"))).toBe(false);
    expect(previous()).toEqual(finished);
  });

  it("fails with a clear error when the recorded trainer was killed, keeping the last loss", async () => {
    const script = await readTrainerScript(trainerScriptFixture("killed"));
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: set("killed"), launcher: scriptedLauncher(script) }));
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as ExternalError).message).toBe("the Python bridge process was killed by SIGKILL before training finished");
    expect(steps(events).map((event) => event.step)).toEqual([1]);
    expect(events.some((event) => event.type === "train.finished")).toBe(false);
    expect(record("killed")).toMatchObject({ status: "failed", loss: losses(script)[0], error: (error as Error).message });
  });

  it("an abort checkpoints at the next step, finishes interrupted and ends in CancelledError", async () => {
    const controller = new AbortController();
    const launcher = scriptedLauncher(await readTrainerScript(trainerScriptFixture("tiny-sft-bridge")));
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: set("aborted"), signal: controller.signal, launcher }), (event) => {
      if (event.type === "train.step") controller.abort();
    });
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).message).toBe(`training interrupted at step 1; checkpoint saved in ${join(work, "aborted")}; continue with --resume`);
    expect(launcher.requests[0]?.signal).toBe(controller.signal);
    expect(steps(events).map((event) => event.step)).toEqual([1]);
    expect(events.filter((event) => event.type.startsWith("train.")).map((event) => event.type)).toEqual(["train.start", "train.step", "train.checkpoint", "train.finished"]);
    expect(trainResult(events)).toMatchObject({ steps: 1, interrupted: true });
    expect(record("aborted")).toMatchObject({ status: "interrupted", steps: 1 });
  });

  it("replays the recorded interrupted run the same way (stop at a step boundary after its checkpoint)", async () => {
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: set("stopped"), launcher: scriptedLauncher(await readTrainerScript(trainerScriptFixture("aborted"))) }));
    expect(error).toBeInstanceOf(CancelledError);
    expect(events.filter((event) => event.type.startsWith("train.")).map((event) => event.type)).toEqual(["train.start", "train.step", "train.step", "train.checkpoint", "train.finished"]);
    expect(record("stopped")).toMatchObject({ status: "interrupted", steps: 2 });
  });
});
