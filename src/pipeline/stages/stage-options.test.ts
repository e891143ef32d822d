// Each stage reads its `with:` through the same options schema as its command's flags: a bad value or an unknown
// setting stops the stage before any work, naming the pipeline file, the stage's field, the expected and received value.
import { describe, expect, it } from "vitest";
import type { PipelineConfig, StageConfig } from "../pipeline-config.js";
import type { StageRunner } from "../stage-runner.js";
import { collectAll } from "../../testing/collect.js";
import { runDataStage } from "./data-stage.js";
import { runExperimentStage } from "./experiment-stage.js";
import { runReportStage } from "./report-stage.js";
import { runRolloutStage } from "./rollout-stage.js";
import { runSelectStage } from "./select-stage.js";
import { runTrainStage } from "./train-stage.js";
import { runVerifyStage } from "./verify-stage.js";

const file = "/work/p/entropo.yaml";

/** Runs one stage of kind `kind` with settings `settings` and returns the error it stops with. */
async function errorOf(runner: StageRunner, kind: StageConfig["kind"], settings: Record<string, unknown>): Promise<string> {
  const stage: StageConfig = { name: "s", kind, inputs: [], outputs: ["out"], with: settings };
  const pipeline: PipelineConfig = { version: 1, name: "p", out: "/tmp/out", vars: {}, stages: [stage], file, baseDir: "/work/p" };
  const error = await collectAll(runner({ pipeline, stage, resolvePath: (path) => path, signal: new AbortController().signal })).then(
    () => new Error("no error"),
    (caught: unknown) => caught as Error,
  );
  return error.message;
}

describe("stage settings", () => {
  it("are checked by the command's options schema, naming the file, the field, expected and received", async () => {
    expect(await errorOf(runRolloutStage, "rollout", { tasks: "builtin", teacher: "scripted", out: "o", concurrency: "two" })).toBe(
      `${file}: field stages.s.with.concurrency: expects an integer >= 1, received "two"`,
    );
    expect(await errorOf(runDataStage, "data", { kind: "kto", inputs: ["a"], out_dir: "o", name: "n", action_format: "xml" })).toBe(
      `${file}: field stages.s.with.action_format: expects native|r2e, received "xml"`,
    );
    expect(await errorOf(runSelectStage, "select", { runs: ["r"], out: "p.jsonl", strategy: "best" })).toBe(
      `${file}: field stages.s.with.strategy: expects one of verified, lite, r2e-hybrid, verifier, random, oracle, received "best"`,
    );
    expect(await errorOf(runVerifyStage, "verify", { runs: ["r"], verifier_url: "http://127.0.0.1:8083/v1", verifier_model: "judge", max_prompt_tokens: 0 })).toBe(
      `${file}: field stages.s.with.max_prompt_tokens: expects a positive integer, received 0`,
    );
    expect(await errorOf(runTrainStage, "train", { config: "c.yaml", nproc: "many" })).toBe(`${file}: field stages.s.with.nproc: expects an integer, received "many"`);
    expect(await errorOf(runExperimentStage, "experiment", { name: "entropy", out: "o", seeds: -1 })).toBe(`${file}: field stages.s.with.seeds: expects an integer >= 0, received -1`);
    expect(await errorOf(runReportStage, "report", { runs: ["r"], out: "o", formats: ["pdf"] })).toBe(`${file}: field stages.s.with.formats: expects a comma-separated list of md, html, received ["pdf"]`);
  });

  it("refuse a setting the command does not have, listing the known ones", async () => {
    expect(await errorOf(runTrainStage, "train", { config: "c.yaml", resume: true })).toBe(`${file}: field stages.s.with.resume: unknown setting "resume"; known: config, set, nproc, nnodes, node_rank, master_addr`);
    expect(await errorOf(runRolloutStage, "rollout", { tasks: "builtin", teacher: "scripted", out: "o", serve: { model: "m", template: "t" } })).toBe(`${file}: field stages.s.with: expects exactly one policy: teacher, llm_url (with model) or serve, received teacher, serve`);
  });
});
