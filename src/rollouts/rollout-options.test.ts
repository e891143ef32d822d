// Option parsing of `entropo rollout`: values converted, bad ones named with expected and received values.
import { describe, expect, it } from "vitest";
import { benchmarkName } from "./benchmark-name.js";
import { parseRolloutOptions, resolveRolloutOptions, rolloutOptionsFromSettings, type RawRolloutOptions } from "./rollout-options.js";

const base: RawRolloutOptions = { tasks: "builtin", llmUrl: "http://127.0.0.1:8000/v1", model: "m", n: "4", concurrency: "2", out: "runs/x", apiKeyEnv: "OPENAI_API_KEY", maxRetries: "5" };

describe("parseRolloutOptions", () => {
  it("accepts the two SWE-bench image styles and names the option on anything else", () => {
    expect(parseRolloutOptions({ ...base, swebenchImages: "r2e" }).swebenchImages).toBe("r2e");
    expect(() => parseRolloutOptions({ ...base, swebenchImages: "docker" })).toThrow(/--swebench-images expects swebench or r2e, received "docker"/);
  });

  it("takes the SWE-bench grading mode and release, each defaulting to the official 5.0.2 verdict", () => {
    expect(parseRolloutOptions(base).swebenchGrading).toBeUndefined();
    expect(parseRolloutOptions({ ...base, grading: "lenient" }).swebenchGrading).toEqual({ mode: "lenient", version: "5.0.2" });
    expect(parseRolloutOptions({ ...base, swebenchVersion: "4.1.0" }).swebenchGrading).toEqual({ mode: "swebench", version: "4.1.0" });
    expect(() => parseRolloutOptions({ ...base, grading: "strict" })).toThrow(/--grading expects swebench or lenient, received "strict"/);
    expect(() => parseRolloutOptions({ ...base, swebenchVersion: "2.0" })).toThrow(/--swebench-version expects 4\.1\.0 or 5\.0\.2, received "2\.0"/);
  });

  it("converts limits and sampling to the agent's and the client's names", () => {
    const parsed = parseRolloutOptions({ ...base, maxSteps: "30", maxExecTime: "60", temperature: "0.7", topP: "0.8", topK: "20", seed: "1" });
    expect(parsed).toMatchObject({ n: 4, concurrency: 2, teacher: null, model: "m", limits: { maxSteps: 30, commandTimeoutSeconds: 60 }, sampling: { temperature: 0.7, topP: 0.8, topK: 20, seed: 1 } });
    expect(parsed.sampling.maxTokens).toBeUndefined();
  });

  it("needs --llm-url and --model unless the scripted teacher is used", () => {
    expect(() => parseRolloutOptions({ ...base, llmUrl: undefined })).toThrow(/option --llm-url expects/);
    expect(() => parseRolloutOptions({ ...base, model: undefined })).toThrow(/option --model expects/);
    expect(parseRolloutOptions({ ...base, llmUrl: undefined, model: undefined, teacher: "scripted" })).toMatchObject({ model: "scripted-teacher", stage: "teacher", llmUrl: null });
    expect(() => parseRolloutOptions({ ...base, teacher: "gpt" })).toThrow(/option --teacher expects "scripted", received "gpt"/);
  });

  it("rejects out-of-range numbers and an API key passed where a variable name belongs", () => {
    expect(() => parseRolloutOptions({ ...base, concurrency: "0" })).toThrow('option --concurrency expects an integer >= 1, received "0"');
    expect(() => parseRolloutOptions({ ...base, topP: "1.5" })).toThrow('option --top-p expects a number in [0, 1], received "1.5"');
    const error = (() => {
      try {
        parseRolloutOptions({ ...base, apiKeyEnv: "sk-live-abcdefghijkl" });
      } catch (caught) {
        return String(caught);
      }
      return "";
    })();
    expect(error).toContain("option --api-key-env expects an environment variable NAME");
    expect(error).not.toContain("abcdefghijkl");
  });

  it("derives a benchmark name from the task spec", () => {
    expect(benchmarkName("hf:princeton-nlp/SWE-bench_Lite")).toBe("SWE-bench_Lite");
    expect(benchmarkName("../shared/data/swe-bench/swe-bench-lite.json")).toBe("swe-bench-lite");
    expect(benchmarkName("data/benchmark/")).toBe("benchmark");
  });
});

describe("rollout options from a pipeline stage", () => {
  it("reads the same options from the stage's settings as from the flags, numbers as numbers", () => {
    const fromFlags = parseRolloutOptions({ ...base, maxSteps: "30", temperature: "0.7", topK: "20", ids: "a,b" });
    const settings = { tasks: "builtin", llm_url: "http://127.0.0.1:8000/v1", model: "m", n: 4, concurrency: 2, out: "runs/x", max_steps: 30, temperature: 0.7, top_k: 20, ids: "a,b" };
    expect(resolveRolloutOptions(rolloutOptionsFromSettings(settings, { file: "entropo.yaml" }))).toEqual(fromFlags);
    expect(fromFlags.maxRetries).toBe(5);
  });

  it("names the file, the field, the expected value and the value received", () => {
    const where = { file: "entropo.yaml", field: "stages.eval.with" };
    expect(() => rolloutOptionsFromSettings({ tasks: "builtin", out: "o", n: 0 }, where)).toThrow('entropo.yaml: field stages.eval.with.n: expects an integer >= 1, received 0');
    expect(() => rolloutOptionsFromSettings({ tasks: "builtin", out: "o", top_p: "high" }, where)).toThrow('field stages.eval.with.top_p: expects a number in [0, 1], received "high"');
    expect(() => rolloutOptionsFromSettings({ tasks: "builtin", out: "o", max_step: 3 }, where)).toThrow(/field stages\.eval\.with\.max_step: unknown setting "max_step"; known: tasks, llm_url/);
  });
});
