// Test helper: writes synthetic run directories (run.json + trajectories.jsonl + optional extras) for report tests.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export type SyntheticRollout = { resolved: boolean; patch?: string; actions?: string[]; temperature?: number | null };

export type SyntheticRun = {
  metadata: Record<string, unknown>;
  /** instances[i][r]: rollout r of instance i. */
  instances: SyntheticRollout[][];
  selection?: unknown;
  bestOfK?: unknown;
  trainerLog?: Record<string, unknown>[];
};

const stepFor = (action: string, index: number): Record<string, unknown> => ({
  step_idx: index,
  thought: "",
  action,
  observation: "ok",
  done: false,
  step_count: index + 1,
});

/** `<function=NAME>` action text as the R2E scaffold writes it. */
export function r2eAction(name: string, command?: string): string {
  const parameter = command === undefined ? "  <parameter=cmd>ls</parameter>\n" : `  <parameter=command>${command}</parameter>\n  <parameter=path>/testbed/a.py</parameter>\n`;
  return `<function=${name}>\n${parameter}</function>`;
}

/** Writes one run directory under root/name and returns its path. */
export async function writeSyntheticRun(root: string, name: string, run: SyntheticRun): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "run.json"), JSON.stringify(run.metadata, null, 2));
  const lines = run.instances.flatMap((rollouts, instance) =>
    rollouts.map((rollout, index) =>
      JSON.stringify({
        instance_id: `inst-${instance}`,
        rollout_index: index,
        reward: rollout.resolved ? 1 : 0,
        output_patch: rollout.patch ?? `diff --git a/f.py b/f.py\n+fix ${instance}-${index}\n`,
        trajectory_steps: (rollout.actions ?? [r2eAction("execute_bash"), r2eAction("finish")]).map(stepFor),
        sampling: { temperature: rollout.temperature ?? null },
      }),
    ),
  );
  await writeFile(join(dir, "trajectories.jsonl"), lines.join("\n") + "\n");
  if (run.selection !== undefined) await writeFile(join(dir, "selection.json"), JSON.stringify(run.selection));
  if (run.bestOfK !== undefined) await writeFile(join(dir, "best-of-k.json"), JSON.stringify(run.bestOfK));
  if (run.trainerLog !== undefined) await writeFile(join(dir, "trainer_log.jsonl"), run.trainerLog.map((line) => JSON.stringify(line)).join("\n") + "\n");
  return dir;
}

/** An instances matrix from rows of 0/1 outcomes. */
export function outcomes(rows: readonly (readonly number[])[]): SyntheticRollout[][] {
  return rows.map((row) => row.map((value) => ({ resolved: value === 1 })));
}
