// The dashboard opened on a finished pipeline: each finished stage shows its last run (when, result, outputs) read by
// pipeline/stage-outcome.ts from a pipeline directory written by the real writers; a stage never run says so.
import { render } from "ink-testing-library";
import { beforeAll, describe, expect, it } from "vitest";
import { pipelineStatus } from "../pipeline/pipeline-status.js";
import { stageOutcomes } from "../pipeline/stage-outcome.js";
import { finishedPipeline } from "../pipeline/testing/finished-pipeline.js";
import { Dashboard, type DashboardProps } from "./dashboard.js";

/** Waits until the last frame satisfies the predicate (yields to the event loop between checks, no fixed sleep). */
async function frameMatching(lastFrame: () => string | undefined, predicate: (frame: string) => boolean): Promise<string> {
  for (let attempt = 0; attempt < 2000; attempt += 1) {
    const frame = lastFrame() ?? "";
    if (predicate(frame)) return frame;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no frame matched; last frame:\n${lastFrame()}`);
}

describe("Dashboard on a finished pipeline", () => {
  let stages: DashboardProps["stages"];
  let cwd: string;
  beforeAll(async () => {
    const pipeline = await finishedPipeline();
    cwd = pipeline.baseDir;
    const outcomes = await stageOutcomes(pipeline);
    // As `entropo dashboard` builds them (cli/commands/dashboard.ts).
    stages = (await pipelineStatus(pipeline)).map((row) => ({ name: row.name, kind: row.kind, status: row.upToDate ? ("skipped" as const) : ("pending" as const), outcome: outcomes.get(row.name) ?? null }));
  });

  it("shows each finished stage's last result and outputs instead of 'no activity yet'", async () => {
    const previous = process.cwd();
    process.chdir(cwd);
    const { lastFrame, stdin, unmount } = render(<Dashboard title="finished-demo" stages={stages} start={() => (async function* () {})()} now={() => 0} tickMs={0} />);
    try {
      const expected: [string, string[]][] = [
        ["sft-data", ["last run finished 2026-11-30 19:00 UTC · took 2s", "dataset 3 rows", "✔ out/datasets/demo_sft.json"]],
        ["sft", ["took 1m35s", "training finished · 4 steps · final loss 6.3867", "✔ out/checkpoints/sft/adapter_config.json"]],
        ["eval-rollouts", ["took 2m05s", "rollouts 6/6 recorded · resolved 4 (66.7%) · tiny-qwen3-entropo-kto", "✔ out/rollouts/eval/trajectories.jsonl"]],
        ["select", ["selection oracle · resolved 2/3 (66.7%)", "✔ out/rollouts/eval/predictions.jsonl"]],
        ["report", ["report out/report/report.md", "✔ out/report/report.md"]],
        ["never-run", ["never-run: no activity yet"]],
      ];
      for (const [index, [name, lines]] of expected.entries()) {
        if (index > 0) stdin.write("j");
        const frame = await frameMatching(lastFrame, (text) => lines.every((line) => text.includes(line)));
        expect(frame).toContain(name);
        if (name !== "never-run") expect(frame).not.toContain("no activity yet");
        for (const row of frame.split("\n")) expect(row.length).toBeLessThanOrEqual(80);
      }
      expect(lastFrame()).toContain("(up to date)");
    } finally {
      unmount();
      process.chdir(previous);
    }
  });
});
