// `entropo data`'s one options schema: the flags and a data stage's settings give the same buildDataset options, and
// a bad value is named with the option (or the file and field), the expected value and the value received.
import { describe, expect, it } from "vitest";
import { dataOptionsFromFlags, dataOptionsFromSettings } from "./data-options.js";

/** Commander's values for `entropo data dpo --input a --input b --out o --name n` with its defaults. */
const flags = { input: ["a", "b"], out: "o", name: "n", template: "qwen3_nothink", format: "auto", actionFormat: "native", fileFormat: "json", seed: "42", exitReason: [], excludeExitReason: ["max_step_limit"], verifierMaxTokens: "65536", tokens: true };

describe("data options", () => {
  it("are the same from the flags and from a stage's settings", () => {
    const fromFlags = dataOptionsFromFlags("dpo", { ...flags, cutoffLen: "4096", pairsPerInstance: "2", onlyFinished: true });
    expect(fromFlags).toMatchObject({ kind: "dpo", inputs: ["a", "b"], outDir: "o", cutoffLen: 4096, pairsPerInstance: 2, seed: 42, onlyFinished: true, excludeExitReasons: ["max_step_limit"], countTokens: true });
    expect(fromFlags.exitReasons).toBeUndefined();
    const settings = {
      kind: "dpo", inputs: ["a", "b"], out_dir: "o", name: "n", template: "qwen3_nothink", format: "auto", action_format: "native", file_format: "json", seed: 42,
      exclude_exit_reasons: ["max_step_limit"], verifier_max_tokens: 65536, count_tokens: true, cutoff_len: 4096, pairs_per_instance: 2, only_finished: true,
    };
    expect(dataOptionsFromSettings(settings, { file: "entropo.yaml" })).toEqual(fromFlags);
  });

  it("name the flag, the expected value and the value received", () => {
    expect(() => dataOptionsFromFlags("sfft", flags)).toThrow('option <kind> expects sft|dpo|kto|verifier|stats|records, received "sfft"');
    expect(() => dataOptionsFromFlags("sft", { ...flags, format: "xml" })).toThrow('option --format expects auto|r2e|messages|swe-agent|mini-swe-agent|openhands, received "xml"');
    expect(() => dataOptionsFromFlags("sft", { ...flags, cutoffLen: "-1" })).toThrow('option --cutoff-len expects a non-negative integer, received "-1"');
    expect(() => dataOptionsFromFlags("dpo", { ...flags, pairScope: "repo" })).toThrow('option --pair-scope expects instance|source|model, received "repo"');
  });

  it("name the file and the stage's field of a bad or unknown setting", () => {
    const where = { file: "entropo.yaml", field: "stages.pref-data.with" };
    expect(() => dataOptionsFromSettings({ kind: "kto", inputs: ["a"], out_dir: "o", name: "n", min_steps: -2 }, where)).toThrow("entropo.yaml: field stages.pref-data.with.min_steps: expects a non-negative integer, received -2");
    expect(() => dataOptionsFromSettings({ kind: "kto", inputs: [], out_dir: "o", name: "n" }, where)).toThrow(/field stages\.pref-data\.with\.inputs: expects at least one trajectory file/);
    expect(() => dataOptionsFromSettings({ kind: "kto", inputs: ["a"], out: "o", name: "n" }, where)).toThrow(/field stages\.pref-data\.with\.out: unknown setting "out"; known: kind, inputs, rewards, out_dir/);
  });
});
