// Missing or inconsistent run metadata is an error naming the directory's file and the field.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { collectReport } from "./testing/collect.js";
import { outcomes, writeSyntheticRun } from "./testing/synthetic-runs.js";

let root = "";
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "entropo-report-bad-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const base = { model: "m", stage: "sft", benchmark: "b", run_index: 0 };

async function failure(runs: string[]): Promise<InputError> {
  const error: unknown = await collectReport({ runs, outDir: join(root, "out") }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("bad run directories", () => {
  it("names the directory's run.json and the missing field", async () => {
    const { stage: _stage, ...withoutStage } = base;
    const dir = await writeSyntheticRun(root, "no-stage", { metadata: withoutStage, instances: outcomes([[1]]) });
    const error = await failure([dir]);
    expect(error.file).toBe(join(dir, "run.json"));
    expect(error.field).toBe("stage");
    expect(error.message).toContain(join(dir, "run.json"));
  });

  it("names a field of the wrong type", async () => {
    const dir = await writeSyntheticRun(root, "bad-index", { metadata: { ...base, run_index: "first" }, instances: outcomes([[1]]) });
    const error = await failure([dir]);
    expect(error.field).toBe("run_index");
  });

  it("names a directory without run.json", async () => {
    const dir = join(root, "empty");
    await mkdir(dir);
    const error = await failure([dir]);
    expect(error.message).toContain(dir);
    expect(error.field).toBe("run.json");
  });

  it("names both directories that claim the same run_index", async () => {
    const first = await writeSyntheticRun(root, "a", { metadata: base, instances: outcomes([[1]]) });
    const second = await writeSyntheticRun(root, "b", { metadata: base, instances: outcomes([[0]]) });
    const error = await failure([first, second]);
    expect(error.message).toContain(first);
    expect(error.message).toContain(second);
    expect(error.field).toBe("run_index");
  });

  it("names the trajectory line whose temperature disagrees with run.json", async () => {
    const dir = await writeSyntheticRun(root, "temp", {
      metadata: { ...base, temperature: 0.7 },
      instances: [[{ resolved: true, temperature: 0.7 }], [{ resolved: false, temperature: 1.0 }]],
    });
    const error = await failure([dir]);
    expect(error.file).toBe(join(dir, "trajectories.jsonl"));
    expect(error.line).toBe(2);
    expect(error.field).toBe("sampling.temperature");
  });

  it("rejects more rollouts per instance than run.json n", async () => {
    const dir = await writeSyntheticRun(root, "n", { metadata: { ...base, n: 2 }, instances: outcomes([[1, 0, 1]]) });
    expect((await failure([dir])).field).toBe("n");
  });

  it("rejects a selection pick that is not among the trajectories", async () => {
    const dir = await writeSyntheticRun(root, "pick", {
      metadata: base,
      instances: outcomes([[1, 0]]),
      selection: { strategy: "lite", picks: [{ instance_id: "inst-0", rollout_index: 5 }] },
    });
    const error = await failure([dir]);
    expect(error.file).toBe(join(dir, "selection.json"));
    expect(error.field).toBe("picks.0.rollout_index");
  });

  it("rejects a trainer_log path in run.json that does not exist", async () => {
    const dir = await writeSyntheticRun(root, "log", { metadata: { ...base, trainer_log: "../nowhere/trainer_log.jsonl" }, instances: outcomes([[1]]) });
    expect((await failure([dir])).field).toBe("trainer_log");
  });

  it("names the line and field of a bad trainer log line", async () => {
    const dir = await writeSyntheticRun(root, "badlog", { metadata: base, instances: outcomes([[1]]), trainerLog: [{ current_steps: 1, loss: 0.5 }, { loss: 0.4 }] });
    const error = await failure([dir]);
    expect(error.file).toBe(join(dir, "trainer_log.jsonl"));
    expect(error.line).toBe(2);
    expect(error.field).toBe("current_steps");
  });

  it("rejects an unknown report format naming the option", async () => {
    await writeFile(join(root, "x"), "");
    const error: unknown = await collectReport({ runs: [], outDir: join(root, "out"), formats: ["pdf" as "md"] }).catch((thrown: unknown) => thrown);
    expect(String(error)).toContain("--format");
    expect(String(error)).toContain("pdf");
  });
});
