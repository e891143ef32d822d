// Config validation before any Python starts: unknown keys with the closest valid key, kinds, alpha >= beta,
// relative paths against the config file, datasets present in dataset_info.json.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../util/paths.js";
import { describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { editDistance } from "../util/edit-distance.js";
import { closestKey, kindMismatch } from "./config-keys.js";
import { llamafactoryKeys } from "./llamafactory-keys.js";
import { tinyModelDir } from "./model-path.js";
import { loadTrainConfig, parseOverride } from "./train-config.js";

function fixture(yaml: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "entropo-config-"));
  mkdirSync(join(dir, "data"));
  mkdirSync(join(dir, "model"));
  writeFileSync(join(dir, "data", "dataset_info.json"), JSON.stringify({ tiny_sft: { file_name: "sft.json" }, tiny_kto: { file_name: "kto.json" } }));
  writeFileSync(join(dir, "data", "sft.json"), "[]");
  const file = join(dir, "config.yaml");
  writeFileSync(file, yaml);
  return { dir, file };
}

const base = "stage: sft\nmodel_name_or_path: ./model\ndataset: tiny_sft\ndataset_dir: data\noutput_dir: out\nlearning_rate: 1.0e-3\n";

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("edit distance and closest key", () => {
  it("matches hand-computed Levenshtein distances", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("flaw", "lawn")).toBe(2);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("suggests the intended key for common typos", () => {
    expect(closestKey("learning_rat")).toBe("learning_rate");
    expect(closestKey("entro_alfa")).toBe("entro_alpha");
    expect(closestKey("pref_betta")).toBe("pref_beta");
  });

  it("checks value kinds", () => {
    expect(kindMismatch("float", 1e-3)).toBeUndefined();
    expect(kindMismatch("float", "fast")).toBe("a number");
    expect(kindMismatch("int", 2.5)).toBe("an integer");
    expect(kindMismatch("str?", null)).toBeUndefined();
    expect(kindMismatch("bool", null)).toBe("bool");
  });
});

describe("loadTrainConfig", () => {
  it("resolves relative paths against the config file and keeps the arguments", () => {
    const { dir, file } = fixture(base);
    const config = loadTrainConfig(file, [], "/");
    expect(config.outputDir).toBe(join(dir, "out"));
    expect(config.args.dataset_dir).toBe(join(dir, "data"));
    expect(config.args.model_name_or_path).toBe(join(dir, "model"));
    expect(config.args.learning_rate).toBe(1e-3);
    expect(config.stage).toBe("sft");
  });

  it("names the unknown key, its line and the closest valid key", () => {
    const { file } = fixture(base + "lerning_rate: 0.1\n");
    const error = errorOf(() => loadTrainConfig(file));
    expect(error.field).toBe("lerning_rate");
    expect(error.line).toBe(7);
    expect(error.message).toContain('did you mean "learning_rate"');
  });

  it("rejects entro_alpha below pref_beta", () => {
    const { file } = fixture(base.replace("sft", "kto").replace("tiny_sft", "tiny_sft") + "pref_beta: 0.2\nentro_alpha: 0.1\n");
    const error = errorOf(() => loadTrainConfig(file));
    expect(error.field).toBe("entro_alpha");
    expect(error.message).toMatch(/entro_alpha 0.1 < pref_beta 0.2/);
  });

  it("accepts entro_alpha equal to pref_beta (plain DPO/KTO)", () => {
    const { file } = fixture(base + "pref_beta: 0.1\nentro_alpha: 0.1\n");
    expect(loadTrainConfig(file).args.entro_alpha).toBe(0.1);
  });

  it("reports --set errors by option, with YAML-typed values", () => {
    const { file } = fixture(base);
    expect(parseOverride("max_steps=3")).toEqual(["max_steps", 3]);
    expect(parseOverride("bf16=false")).toEqual(["bf16", false]);
    expect(errorOf(() => loadTrainConfig(file, ["max_stepz=3"])).message).toMatch(/option --set max_stepz: unknown key .*"max_steps"/);
    expect(errorOf(() => loadTrainConfig(file, ["max_steps=many"])).message).toMatch(/option --set max_steps: expected an integer, received "many"/);
    expect(errorOf(() => loadTrainConfig(file, ["novalue"])).message).toMatch(/--set expects key=value/);
  });

  it("requires every named dataset in dataset_info.json and its file on disk", () => {
    const missing = fixture(base.replace("tiny_sft", "tiny_sft,tiny_dpo"));
    expect(errorOf(() => loadTrainConfig(missing.file)).message).toMatch(/dataset "tiny_dpo" is not in .*dataset_info.json \(it has: tiny_sft, tiny_kto\)/);
    const noFile = fixture(base.replace("tiny_sft", "tiny_kto"));
    expect(errorOf(() => loadTrainConfig(noFile.file)).message).toMatch(/dataset "tiny_kto": file .*kto.json not found/);
    const noDir = fixture(base.replace("dataset_dir: data", "dataset_dir: nowhere"));
    expect(errorOf(() => loadTrainConfig(noDir.file)).field).toBe("dataset_dir");
  });

  it("requires output_dir and a mapping", () => {
    expect(errorOf(() => loadTrainConfig(fixture(base.replace("output_dir: out\n", "")).file)).field).toBe("output_dir");
    expect(errorOf(() => loadTrainConfig(fixture("- a\n- b\n").file)).message).toMatch(/expected a mapping/);
    expect(errorOf(() => loadTrainConfig(fixture("a: [\n").file)).message).toMatch(/invalid YAML/);
  });

  it("accepts every shipped tiny config unchanged", () => {
    for (const name of ["sft", "entropo_dpo", "entropo_kto"]) {
      const config = loadTrainConfig(join(import.meta.dirname, "..", "..", "llamafactory-configs", "tiny", `${name}.yaml`));
      expect(Object.keys(config.args).every((key) => key in llamafactoryKeys)).toBe(true);
    }
  });

  it("rejects values of the wrong type with the key, line, expected type and value (entro_alpha, multi_turn_kto)", () => {
    const alpha = errorOf(() => loadTrainConfig(fixture(base + 'entro_alpha: "0.11"\n').file));
    expect(alpha.field).toBe("entro_alpha");
    expect(alpha.line).toBe(7);
    expect(alpha.message).toContain('expected a number or null, received "0.11"');
    expect(alpha.exitCode).toBe(2);
    const flag = errorOf(() => loadTrainConfig(fixture(base.replace("sft", "kto") + 'multi_turn_kto: "false"\n').file));
    expect(flag.field).toBe("multi_turn_kto");
    expect(flag.message).toContain('expected a boolean, received "false"');
    const form = errorOf(() => loadTrainConfig(fixture(base + "entropo_kto_form: both\n").file));
    expect(form.message).toContain('expected one of paper, authors, received "both"');
    expect(loadTrainConfig(fixture(base + "entropo_kto_form: authors\n").file).args.entropo_kto_form).toBe("authors");
    const loss = errorOf(() => loadTrainConfig(fixture(base.replace("sft", "dpo") + "pref_loss: foo\n").file));
    expect(loss.field).toBe("pref_loss");
    expect(loss.message).toContain('expected one of sigmoid, hinge, ipo, kto_pair, orpo, simpo, entropo, received "foo"');
    const lossOverride = errorOf(() => loadTrainConfig(fixture(base).file, ["pref_loss=foo"]));
    expect(lossOverride.message).toContain("option --set pref_loss: expected one of");
    expect(lossOverride.message).toContain('received "foo"');
    expect(loadTrainConfig(fixture(base + "pref_loss: simpo\n").file).args.pref_loss).toBe("simpo");
  });

  it("resolves LLaMA-Factory's examples/deepspeed/NAME to the project's copy, with a note, when it is not on disk", () => {
    const { dir, file } = fixture(base + "deepspeed: examples/deepspeed/ds_z3_config.json\n");
    const config = loadTrainConfig(file, [], dir);
    expect(config.args.deepspeed).toBe(join(projectRoot(), "llamafactory-configs", "deepspeed", "ds_z3_config.json"));
    expect(config.notes).toEqual([`deepspeed: examples/deepspeed/ds_z3_config.json does not exist under ${dir}; using entropo's copy ${String(config.args.deepspeed)}`]);
    mkdirSync(join(dir, "examples", "deepspeed"), { recursive: true });
    writeFileSync(join(dir, "examples", "deepspeed", "ds_z3_config.json"), "{}");
    const own = loadTrainConfig(file, [], "/");
    expect(own.args.deepspeed).toBe(join(dir, "examples", "deepspeed", "ds_z3_config.json"));
    expect(own.notes).toEqual([]);
    expect(loadTrainConfig(file, ["deepspeed=null"], "/").notes).toEqual([]); // an override replaces it unread
  });

  it("names a missing local model directory and the command that builds the tiny model; the tiny model itself may be missing", () => {
    const missing = errorOf(() => loadTrainConfig(fixture(base.replace("./model", "/nowhere/model")).file));
    expect(missing.field).toBe("model_name_or_path");
    expect(missing.line).toBe(2);
    expect(missing.message).toContain("model directory /nowhere/model does not exist");
    expect(missing.hint).toContain("python -m entropo_trainer make-tiny-model /nowhere/model");
    expect(errorOf(() => loadTrainConfig(fixture(base).file, ["model_name_or_path=/nowhere/model"])).message).toMatch(/^option --set model_name_or_path: /);
    const tiny = loadTrainConfig(fixture(base).file, [`model_name_or_path=${tinyModelDir()}`]);
    expect(tiny.args.model_name_or_path).toBe(tinyModelDir());
  });
});

