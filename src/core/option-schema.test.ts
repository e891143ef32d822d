// The shared reading of an operation's options: flags by their commander property, settings by their snake_case key,
// and one wording of errors (the option or the file and field, the expected value, the value received).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { flagOf, optionValue, parseFlags, parseSettings, settingOf } from "./option-schema.js";

const schema = z.object({
  outDir: optionValue.text("an output folder"),
  maxSteps: optionValue.integer(1).optional(),
  topP: optionValue.number("a number in [0, 1]", (value) => value >= 0 && value <= 1).optional(),
  countTokens: optionValue.flag().optional(),
  mode: optionValue.oneOf(["a", "b"]).default("a"),
});
const names = { outDir: { flag: "--out", setting: "out" }, countTokens: { flag: "--no-tokens" } };

describe("option schema", () => {
  it("derives flags and settings from the option's name unless renamed", () => {
    expect([flagOf("maxSteps"), settingOf("maxSteps"), flagOf("outDir", names), settingOf("outDir", names)]).toEqual(["--max-steps", "max_steps", "--out", "out"]);
  });

  it("reads commander's text and the pipeline's YAML values into the same options", () => {
    const fromFlags = parseFlags(schema, { out: "o", maxSteps: "3", topP: "0.5", tokens: false, json: true }, names);
    expect(fromFlags).toEqual({ outDir: "o", maxSteps: 3, topP: 0.5, countTokens: false, mode: "a" });
    expect(parseSettings(schema, { out: "o", max_steps: 3, top_p: 0.5, count_tokens: false }, { file: "p.yaml" }, names)).toEqual(fromFlags);
  });

  it("words every error with the option, the expected value and the value received", () => {
    expect(() => parseFlags(schema, { out: "o", maxSteps: "" }, names)).toThrow('option --max-steps expects an integer >= 1, received ""');
    expect(() => parseFlags(schema, { out: "o", maxSteps: "2.5" }, names)).toThrow('option --max-steps expects an integer >= 1, received "2.5"');
    expect(() => parseFlags(schema, { out: "o", mode: "c" }, names)).toThrow('option --mode expects a or b, received "c"');
    expect(() => parseFlags(schema, {}, names)).toThrow("option --out expects an output folder, received null");
    expect(() => parseSettings(schema, { out: "o", top_p: 2 }, { file: "p.yaml", field: "stages.x.with" }, names)).toThrow("p.yaml: field stages.x.with.top_p: expects a number in [0, 1], received 2");
    expect(() => parseSettings(schema, { out: "o", count_tokens: "yes" }, { file: "p.yaml" }, names)).toThrow('p.yaml: field count_tokens: expects true or false, received "yes"');
  });
});
