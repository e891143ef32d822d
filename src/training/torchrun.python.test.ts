// The torchrun path on CPU (gloo): `--nproc 2` with the tiny SFT config reports the same events as the bridge.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { train } from "./train.js";
import { collect, makeTinyModel, processesOfRun, runIdOf, steps, tinyConfig, trainingPythonOrSkip } from "./testing/train-helpers.js";

const python = trainingPythonOrSkip();
process.env.HF_HUB_OFFLINE = "1";
const work = mkdtempSync(join(tmpdir(), "entropo-torchrun-"));

describe.skipIf(python === undefined)("entropo train --nproc 2 (torchrun, CPU)", () => {
  let model = "";
  beforeAll(async () => {
    model = await makeTinyModel(python ?? "", work);
  });

  it("completes with the bridge's event sequence and writes the adapter", async () => {
    const outputDir = join(work, "sft");
    const { events, error } = await collect(train({ config: tinyConfig("sft"), set: [`model_name_or_path=${model}`, `output_dir=${outputDir}`], nproc: 2 }));
    expect(error).toBeUndefined();
    expect(events[0]).toMatchObject({ type: "train.start", launcher: "torchrun", stage: "sft", totalSteps: 4 });
    const trainSteps = steps(events);
    expect(trainSteps.map((event) => event.step)).toEqual([1, 2, 3, 4]);
    expect(trainSteps.every((event) => Number.isFinite(event.loss) && Number.isFinite(event.policyEntropy) && event.totalSteps === 4)).toBe(true);
    const shape = events.filter((event) => event.type.startsWith("train.")).map((event) => (event.type === "train.checkpoint" ? `checkpoint-${event.step}` : event.type));
    expect(shape).toEqual(["train.start", "train.step", "train.step", "checkpoint-2", "train.step", "train.step", "checkpoint-4", "train.finished"]);
    expect(events.at(-2)).toEqual({ type: "train.finished", outputDir, steps: 4, interrupted: false });
    expect(existsSync(join(outputDir, "adapter_model.safetensors"))).toBe(true);
    expect(readFileSync(join(outputDir, "entropo-train.log"), "utf8")).toMatch(/gloo|world_size|torch.distributed/i);
    expect(processesOfRun(runIdOf(outputDir))).toEqual([]);
  });
});
