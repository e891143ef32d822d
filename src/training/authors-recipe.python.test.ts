// The paper authors' own LLaMA-Factory YAMLs (../shared/data/authors-recipe) through `entropo train` on the tiny model,
// with only machine-specific keys overridden; the tiny model is built on demand where a config names it.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot, sharedDataDir } from "../util/paths.js";
import { buildTinyModelIfMissing, train } from "./train.js";
import { collect, makeTinyModel, steps, trainingPythonOrSkip } from "./testing/train-helpers.js";

const python = trainingPythonOrSkip();
const recipe = join(sharedDataDir(), "authors-recipe", "llamafactory-train");
const haveRecipe = existsSync(recipe);
if (!haveRecipe) console.warn(`[skip] authors' recipe tests: ${recipe} is missing (the shared reference data)`);
process.env.HF_HUB_OFFLINE = "1";
const work = mkdtempSync(join(tmpdir(), "entropo-authors-"));
let model = "";

/** The machine-specific overrides of the authors' YAMLs on a CPU (their cluster paths, GPU-only switches, run length). */
const machine = (dataset: string, out: string, maxSteps: number): string[] => [
  `model_name_or_path=${model}`, `dataset=${dataset}`, `dataset_dir=${join(projectRoot(), "data", "tiny")}`,
  `output_dir=${join(work, out)}`, "bf16=false", "deepspeed=null", "enable_liger_kernel=false", "use_unsloth_gc=false",
  `max_steps=${maxSteps}`, "logging_steps=1", "save_steps=100",
];

describe.skipIf(python === undefined || !haveRecipe)("the authors' YAMLs through entropo train", () => {
  beforeAll(async () => {
    model = await makeTinyModel(python ?? "", work);
  });

  it.each([
    ["qwen3_dpo.yaml", "tiny_dpo", "dpo", 2],
    ["qwen3_kto.yaml", "tiny_kto", "kto", 2],
    ["qwen3_sft.yaml", "tiny_sft", "sft", 1], // its batch is 8 x 2 accumulation: one step covers the tiny set
  ] as const)("%s trains with EntroPO's metrics", async (file, dataset, stage, maxSteps) => {
    const { events, error } = await collect(train({ config: join(recipe, file), set: machine(dataset, stage, maxSteps) }));
    expect(error).toBeUndefined();
    const trained = steps(events);
    expect(trained.map((event) => event.step)).toEqual(maxSteps === 2 ? [1, 2] : [1]);
    for (const event of trained) {
      expect(Number.isFinite(event.loss)).toBe(true);
      expect(Number.isFinite(event.policyEntropy)).toBe(true);
      if (stage === "dpo") expect(Number.isFinite(event.rewardsMargins)).toBe(true);
      if (stage === "kto") expect(Number.isFinite(event.z0)).toBe(true);
    }
    const run = JSON.parse(readFileSync(join(work, stage, "entropo-train.json"), "utf8")) as Record<string, unknown>;
    const lossFile = join(work, stage, "entropo_loss.json");
    if (stage === "sft") {
      expect(run.entropo).toBeNull();
      expect(existsSync(lossFile)).toBe(false);
    } else {
      const expected = stage === "kto" ? { stage, entro_alpha: 0.11, pref_beta: 0.1, entropo_kto_form: "paper", multi_turn_kto: true } : { stage, entro_alpha: 0.11, pref_beta: 0.1 };
      expect(run.entropo).toEqual(expected);
      expect(JSON.parse(readFileSync(lossFile, "utf8"))).toMatchObject({ ...expected, loss: `entropo_${stage}` });
    }
  });

  it("builds the tiny model on demand where the config names it", async () => {
    const dir = join(work, "on-demand", "tiny-qwen3");
    const { events, error } = await collect(buildTinyModelIfMissing(python ?? "", dir, dir));
    expect(error).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({ type: "log", message: expect.stringContaining(`${dir} does not exist: building the tiny offline model`) })]);
    expect(existsSync(join(dir, "config.json")) && existsSync(join(dir, "tokenizer.json"))).toBe(true);
    expect((await collect(buildTinyModelIfMissing(python ?? "", dir, dir))).events).toEqual([]);
  });
});
