// Test helpers: canonical trajectory records and run directories on disk.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type RecordFields = {
  instance_id: string;
  rollout_index: number;
  reward?: number | null;
  finished?: boolean;
  steps?: number;
  regression_passed?: boolean | null;
  verifier_prob?: number | null;
  output_patch?: string;
  [extra: string]: unknown;
};

/** A minimal canonical record (R2E step shape) with `steps` str_replace edits of src/app.py. */
export function record(fields: RecordFields): Record<string, unknown> {
  const { steps = 2, ...rest } = fields;
  const trajectory_steps = Array.from({ length: steps }, (_, index) => ({
    step_idx: index,
    thought: `thought ${index}`,
    action: "<function=file_editor>\n  <parameter=command>str_replace</parameter>\n  <parameter=path>/testbed/src/app.py</parameter>\n</function>",
    observation: `observation ${index}`,
    done: false,
    step_count: index + 1,
  }));
  return {
    trajectory_steps,
    problem_statement: "Fix the bug",
    exit_reason: "agent",
    reward: 0,
    model: "policy-model",
    output_patch: patchFor(fields.instance_id),
    ...rest,
  };
}

/** A two-file diff: src/app.py (kept by true_output_patch) and reproduce_issue.py (dropped). */
function patchFor(tag: string): string {
  return [
    "diff --git a/src/app.py b/src/app.py",
    "--- a/src/app.py",
    "+++ b/src/app.py",
    "@@ -1 +1 @@",
    "-old",
    `+fixed ${tag}`,
    "diff --git a/reproduce_issue.py b/reproduce_issue.py",
    "new file mode 100644",
    "--- /dev/null",
    "+++ b/reproduce_issue.py",
    "@@ -0,0 +1 @@",
    "+print('repro')",
    "",
  ].join("\n");
}

/** Creates a temporary run directory holding trajectories.jsonl with the given records (or raw lines). */
export async function makeRun(records: readonly (Record<string, unknown> | string)[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "entropo-selection-"));
  await writeFile(join(dir, "trajectories.jsonl"), records.map((r) => (typeof r === "string" ? r : JSON.stringify(r)) + "\n").join(""));
  return dir;
}
