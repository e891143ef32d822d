import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isResultOf } from "../core/events.js";
import { sharedDataDir } from "../util/paths.js";
import { loadRuns } from "./load-runs.js";
import { selectRuns } from "./select-runs.js";
import type { SelectRunsResult } from "./select-runs.js";

const dataDir = join(sharedDataDir(), "r2e-trajectories");
const available = existsSync(join(dataDir, "collection_summary.json"));
if (!available) console.warn(`skipping real R2E trajectory tests: ${dataDir} is absent`);

type Summary = { results: { instance_id: string; exit_reason: string; reward: number; trajectory_file: string }[] };
type R2eTrajectory = { trajectory_steps: { action: string }[]; output_patch: string; [key: string]: unknown };

/** Writes the 18 real R2E trajectories as one run (instance_id and reward from collection_summary.json). */
async function realRun(): Promise<{ dir: string; trajectories: (R2eTrajectory & { instance_id: string; exit_reason: string })[] }> {
  const summary = JSON.parse(await readFile(join(dataDir, "collection_summary.json"), "utf8")) as Summary;
  const trajectories = await Promise.all(
    summary.results.map(async (row) => ({
      ...(JSON.parse(await readFile(join(dataDir, row.trajectory_file), "utf8")) as R2eTrajectory),
      instance_id: row.instance_id,
      rollout_index: 0,
      reward: row.reward,
      exit_reason: row.exit_reason,
    })),
  );
  const dir = await mkdtemp(join(tmpdir(), "entropo-selection-r2e-"));
  await writeFile(join(dir, "trajectories.jsonl"), trajectories.map((t) => JSON.stringify(t) + "\n").join(""));
  return { dir, trajectories };
}

describe.skipIf(!available)("selection on real R2E-Gym trajectories", () => {
  it("applies the finished rule to records without messages and submits only edited .py files", async () => {
    const { dir, trajectories } = await realRun();
    const loaded = await loadRuns([dir]);
    expect(loaded.records).toBe(18);
    for (const trajectory of trajectories) {
      const candidate = loaded.groups.get(trajectory.instance_id)?.[0];
      const lastAction = trajectory.trajectory_steps.at(-1)?.action ?? "";
      expect(candidate?.finished).toBe(lastAction.includes("<function=finish>"));
    }
    // EntroPO's rule differs from exit_reason == "agent": finishing at the step limit counts, a token-limit stop does not
    const finishedAtLimit = trajectories.filter((t) => t.exit_reason === "max_step_limit" && loaded.groups.get(t.instance_id)?.[0]?.finished);
    expect(finishedAtLimit.length).toBeGreaterThan(0);
    expect(trajectories.filter((t) => t.exit_reason === "token_limit").every((t) => loaded.groups.get(t.instance_id)?.[0]?.finished === false)).toBe(true);

    let result: SelectRunsResult | undefined;
    for await (const event of selectRuns({ runs: [dir], strategy: "verified", out: join(dir, "predictions.jsonl"), bestOfKTrials: 10 })) {
      if (isResultOf(event, "select")) result = event.data;
    }
    expect(result).toMatchObject({ instances: 18, resolved: 2, passN: 2 / 18 });
    const predictions = (await readFile(join(dir, "predictions.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { instance_id: string; model_patch: string });
    expect(predictions).toHaveLength(18);
    for (const prediction of predictions) {
      const files = [...prediction.model_patch.matchAll(/^diff --git a\/(\S+)/gm)].map((match) => match[1] ?? "");
      expect(files.every((file) => file.endsWith(".py"))).toBe(true);
      expect(files).not.toContain("install.sh");
    }
    expect(predictions.find((p) => p.instance_id === "orange3_2d9617bd")?.model_patch).toContain("diff --git a/Orange/widgets/settings.py");
  });
});
