// `entropo train` on the real Python stack (CPU, tiny model) through the pythonia bridge: tiny SFT and EntroPO-KTO,
// a Python exception as a typed error, SIGKILL mid-run, Ctrl-C of the real CLI (exit 130) and --resume.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { beforeAll, describe, expect, it } from "vitest";
import { CancelledError, ExternalError } from "../core/errors.js";
import { projectRoot } from "../util/paths.js";
import { train } from "./train.js";
import { pythonTrainerLauncher } from "./launcher.js";
import { PythonTrainingError } from "./trainer-errors.js";
import { recordingLauncher } from "./testing/recording-launcher.js";
import { readTrainerScript, scriptShape, trainerScriptFixture, type ScriptLine } from "./testing/trainer-script.js";
import { collect, makeTinyModel, processesOfRun, runIdOf, steps, tinyConfig, trainingPythonOrSkip } from "./testing/train-helpers.js";

const python = trainingPythonOrSkip();
process.env.HF_HUB_OFFLINE = "1";
const work = mkdtempSync(join(tmpdir(), "entropo-train-"));
let model = "";
// The real launcher's messages are recorded; the scripts the fast tests replay (train.test.ts) must have their course.
// ENTROPO_RECORD_TRAINER_SCRIPTS=1 rewrites those fixtures from this run.
const rerecord = process.env.ENTROPO_RECORD_TRAINER_SCRIPTS === "1";
const recorder = (name: Parameters<typeof trainerScriptFixture>[0]) => recordingLauncher(pythonTrainerLauncher, rerecord ? trainerScriptFixture(name) : undefined);
async function expectFixtureCourse(name: Parameters<typeof trainerScriptFixture>[0], recorded: ScriptLine[], compare: (shape: string[]) => string[] = (shape) => shape): Promise<void> {
  expect(compare(scriptShape(recorded))).toEqual(compare(scriptShape(await readTrainerScript(trainerScriptFixture(name)))));
}
const longRun = (out: string) => [`model_name_or_path=${model}`, `output_dir=${join(work, out)}`, "max_steps=1000", "save_steps=1000", "cutoff_len=64"];

describe.skipIf(python === undefined)("entropo train through the pythonia bridge", () => {
  beforeAll(async () => {
    model = await makeTinyModel(python ?? "", work);
  });

  it.each([
    ["sft", "sft"],
    ["entropo_kto", "kto"],
  ] as const)("trains the tiny %s config: finite losses, checkpoints, adapter, run.json", async (name, stage) => {
    const outputDir = join(work, name);
    const launcher = recorder("tiny-sft-bridge");
    const { events, error } = await collect(train({ config: tinyConfig(name), set: [`model_name_or_path=${model}`, `output_dir=${outputDir}`], ...(name === "sft" ? { launcher } : {}) }));
    expect(error).toBeUndefined();
    expect(events[0]).toMatchObject({ type: "train.start", stage, launcher: "bridge", totalSteps: 4 });
    const trainSteps = steps(events);
    expect(trainSteps.map((event) => event.step)).toEqual([1, 2, 3, 4]);
    for (const event of trainSteps) {
      expect(Number.isFinite(event.loss)).toBe(true);
      expect(Number.isFinite(event.policyEntropy)).toBe(true);
    }
    if (stage === "kto") expect(trainSteps.every((event) => Number.isFinite(event.z0) && Number.isFinite(event.rewardsChosen))).toBe(true);
    expect(events.filter((event) => event.type === "train.checkpoint").map((event) => event.type === "train.checkpoint" && event.step)).toEqual([2, 4]);
    expect(events.at(-2)).toEqual({ type: "train.finished", outputDir, steps: 4, interrupted: false });
    expect(events.at(-1)).toMatchObject({ type: "result", data: { adapter: join(outputDir, "adapter_model.safetensors"), steps: 4 } });
    expect(existsSync(join(outputDir, "adapter_model.safetensors"))).toBe(true);
    const run = JSON.parse(readFileSync(join(outputDir, "entropo-train.json"), "utf8")) as Record<string, unknown>;
    expect(run).toMatchObject({ status: "finished", steps: 4, launcher: "bridge", seed: 42, versions: { llamafactory: "0.9.5" } });
    expect(readFileSync(join(outputDir, "entropo-config.yaml"), "utf8")).toContain(`model_name_or_path: ${model}`);
    expect(events.some((event) => event.type === "log" && event.source === "python")).toBe(true);
    expect(processesOfRun(String(run.runId))).toEqual([]);
    if (name === "sft") await expectFixtureCourse("tiny-sft-bridge", launcher.lines);
  });

  it("turns a Python exception into a typed error with the traceback, and leaves no process", async () => {
    const outputDir = join(work, "raises");
    const launcher = recorder("python-error");
    const { error } = await collect(train({ config: tinyConfig("sft"), set: [`model_name_or_path=${model}`, `output_dir=${outputDir}`, "template=no_such_template"], launcher }));
    expect(error).toBeInstanceOf(PythonTrainingError);
    const pythonError = error as PythonTrainingError;
    expect(pythonError.message).toMatch(/no_such_template/);
    expect(pythonError.pythonTraceback).toMatch(/^Traceback \(most recent call last\)/);
    expect(pythonError.exitCode).not.toBe(0);
    expect(readFileSync(join(outputDir, "entropo-train.log"), "utf8")).toContain("no_such_template");
    expect(JSON.parse(readFileSync(join(outputDir, "entropo-train.json"), "utf8"))).toMatchObject({ status: "failed" });
    expect(processesOfRun(runIdOf(outputDir))).toEqual([]);
    await expectFixtureCourse("python-error", launcher.lines);
  });

  it("fails with a clear error when Python is killed with SIGKILL mid-run", async () => {
    const outputDir = join(work, "killed");
    let killed: number[] = [];
    const launcher = recorder("killed");
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: longRun("killed"), launcher }), (event) => {
      if (event.type === "train.step" && killed.length === 0) {
        killed = processesOfRun(runIdOf(outputDir));
        for (const pid of killed) process.kill(pid, "SIGKILL");
      }
    });
    expect(killed.length).toBe(1);
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as ExternalError).message).toBe("the Python bridge process was killed by SIGKILL before training finished");
    expect(events.some((event) => event.type === "train.finished")).toBe(false);
    expect(processesOfRun(runIdOf(outputDir))).toEqual([]);
    await expectFixtureCourse("killed", launcher.lines, (shape) => shape.slice(0, 1).concat(shape.slice(-1)));
  });

  it("Ctrl-C of the real CLI checkpoints at the next step and exits 130; --resume continues from that step", async () => {
    const outputDir = join(work, "interrupted");
    const child = spawn(process.execPath, [join(projectRoot(), "bin", "entropo.js"), "train", "--json", "--config", tinyConfig("sft"), ...longRun("interrupted").flatMap((item) => ["--set", item])], { stdio: ["ignore", "pipe", "pipe"] });
    const lines: Record<string, unknown>[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as Record<string, unknown>;
      lines.push(event);
      if (event.type === "train.step" && event.step === 1) child.kill("SIGINT");
    }
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(130);
    const checkpoint = lines.find((event) => event.type === "train.checkpoint") as { step: number; path: string };
    expect(checkpoint.step).toBeGreaterThanOrEqual(1);
    expect(checkpoint.step).toBeLessThan(1000);
    expect(lines).toContainEqual({ type: "train.finished", outputDir, steps: checkpoint.step, interrupted: true });
    expect(processesOfRun(runIdOf(outputDir))).toEqual([]);

    const resumedUntil = checkpoint.step + 2;
    const resumed = await collect(train({ config: tinyConfig("sft"), set: [...longRun("interrupted"), `max_steps=${resumedUntil}`], resume: true }));
    expect(resumed.error).toBeUndefined();
    expect(steps(resumed.events).map((event) => event.step)).toEqual([checkpoint.step + 1, checkpoint.step + 2]);
    expect(JSON.parse(readFileSync(join(outputDir, "entropo-train.json"), "utf8"))).toMatchObject({ resumedFrom: checkpoint.path, status: "finished", steps: resumedUntil });
  });

  it("an aborted in-process run ends with CancelledError after its checkpoint", async () => {
    const controller = new AbortController();
    const launcher = recorder("aborted");
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: longRun("aborted"), signal: controller.signal, launcher }), (event) => {
      if (event.type === "train.step") controller.abort();
    });
    expect(error).toBeInstanceOf(CancelledError);
    const finished = events.find((event) => event.type === "train.finished");
    expect(finished).toMatchObject({ interrupted: true });
    expect(events.some((event) => event.type === "train.checkpoint")).toBe(true);
    // The stop lands at a step boundary that depends on timing: the course's start and its checkpoint-then-finish end.
    await expectFixtureCourse("aborted", launcher.lines, (shape) => [shape[0] ?? "", ...shape.slice(-2).map((item) => item.replace(/\d+/g, "N"))]);
  });
});
