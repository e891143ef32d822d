// `entropo demo --quick` end to end through the real binary: every stage runs for real, then a re-run skips them all.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { dockerUnavailableReason } from "../sandbox/testing/docker-test-setup.js";
import type { PipelineEvent } from "../core/events.js";
import { projectRoot } from "../util/paths.js";

const docker = new Docker();
const unavailable = await dockerUnavailableReason();
const engineUp = unavailable === null;
if (!engineUp) console.warn(`demo.test: ${unavailable}; Docker tests skipped`);

const stageNames = ["tiny-model", "sft-data", "sft", "teacher-rollouts", "student-rollouts", "pref-data", "entropo-kto", "eval-rollouts", "select", "entropy-experiment", "report"];

function runDemo(out: string): { code: number | null; events: PipelineEvent[]; stderr: string } {
  const result = spawnSync(process.execPath, [join(projectRoot(), "bin", "entropo.js"), "demo", "--quick", "--out", out, "--json"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 1_200_000,
  });
  const events = result.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as PipelineEvent);
  return { code: result.status, events, stderr: result.stderr };
}

const readJsonl = async (file: string) =>
  (await readFile(file, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe.runIf(engineUp)("entropo demo --quick", () => {
  it("runs the whole recipe, leaves no container or server behind, and a re-run skips every stage", async () => {
    const out = await mkdtemp(join(tmpdir(), "entropo-demo-"));
    const first = runDemo(out);
    expect(first.code, first.stderr.slice(-3000)).toBe(0);
    const ended = first.events.flatMap((event) => (event.type === "stage.end" ? [`${event.stage}:${event.status}`] : []));
    expect(ended).toEqual(stageNames.map((name) => `${name}:done`));
    expect(first.events.filter((event) => event.type === "train.step").length).toBeGreaterThanOrEqual(6);

    const teacher = await readJsonl(join(out, "rollouts/teacher/trajectories.jsonl"));
    expect(teacher.length).toBe(4);
    expect(teacher.every((record) => record.reward === 1 && record.agent_kind === "scripted-teacher")).toBe(true);
    const evaluation = await readJsonl(join(out, "rollouts/eval/trajectories.jsonl"));
    expect(new Set(evaluation.map((record) => `${String(record.instance_id)}#${String(record.rollout_index)}`)).size).toBe(8);
    const kto = JSON.parse(await readFile(join(out, "datasets/demo_kto.json"), "utf8")) as { kto_tag: boolean }[];
    expect(new Set(kto.map((row) => row.kto_tag))).toEqual(new Set([true, false]));
    expect((await readJsonl(join(out, "rollouts/eval/predictions.jsonl"))).length).toBe(4);

    const report = await readFile(join(out, "report/report.md"), "utf8");
    expect(report).toContain("smoke run of the machinery");
    expect(report).toContain("Table 1");
    expect(report).toContain("EntroPO's effect on entropy");
    expect(existsSync(join(out, "report/figures/entropy-vs-alpha.png"))).toBe(true);
    const experiment = JSON.parse(await readFile(join(out, "experiment/result.json"), "utf8")) as { fixed_point: { max_abs_logprob_error: number }; stack: unknown };
    expect(experiment.fixed_point.max_abs_logprob_error).toBeLessThanOrEqual(1e-3);
    expect(experiment.stack).toBeNull(); // --quick: the fixed-point part only (experiment_seeds 0)
    expect((await readdir(join(out, "report/figures"))).some((file) => file.endsWith(".png"))).toBe(true);
    expect(existsSync(join(out, "checkpoints/entropo-kto/adapter_model.safetensors"))).toBe(true);
    // EntroPO-KTO learned from real tokens: cutoff_len keeps assistant turns of the demo's long rows (a cut to the
    // system prompt alone gave grad_norm 0, logps 0, loss 0.5 at every step).
    const ktoSteps = (await readJsonl(join(out, "checkpoints/entropo-kto/trainer_log.jsonl"))).filter((line) => "loss" in line);
    expect(ktoSteps.length).toBe(4);
    expect(ktoSteps.every((line) => typeof line.grad_norm === "number" && line.grad_norm > 0)).toBe(true);
    expect(ktoSteps.some((line) => typeof line["logps/chosen"] === "number" && line["logps/chosen"] < 0)).toBe(true);
    expect(ktoSteps.every((line) => [line["logps/chosen"], line["logps/rejected"]].every((logps) => logps === undefined || (typeof logps === "number" && logps < 0)))).toBe(true);

    const left = await docker.listContainers({ all: true, filters: { label: ["entropo.run"] } });
    expect(left.filter((container) => (container.Labels["entropo.run"] ?? "").match(/^(teacher|student|eval)-/))).toEqual([]);
    const servers = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter((line) => line.includes(join(out, "rollouts")));
    expect(servers).toEqual([]);

    const second = runDemo(out);
    expect(second.code).toBe(0);
    const skipped = second.events.flatMap((event) => (event.type === "stage.skip" ? [event.stage] : []));
    expect(skipped).toEqual(stageNames);
  }, 1_500_000);
});
