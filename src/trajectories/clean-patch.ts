// The patch of a trajectory that is submitted or judged: R2E's true_output_patch, the cleaned variant the verifier
// sees (no helper files the agent created), or the raw `git diff`.
import { basename } from "node:path";
import { badOptionValue } from "../core/errors.js";
import { applicablePatch, splitDiff } from "./patch-entries.js";
import type { TrajectoryRecord, TrajectoryStep } from "./record.js";

export { splitDiff, type FileDiff } from "./patch-entries.js";

function parameter(action: string, name: string): string | undefined {
  const match = new RegExp(`<parameter\\s*=\\s*${name}\\s*>([\\s\\S]*?)</parameter>`).exec(action);
  return match?.[1]?.trim();
}

/** Paths (without `/testbed/`) the agent touched with file_editor `command` (R2E's editor_files / created_files). */
export function editorPaths(steps: readonly TrajectoryStep[], command: "str_replace" | "create"): Set<string> {
  const paths = new Set<string>();
  for (const step of steps) {
    if (!/<function\s*=\s*file_editor\s*>/.test(step.action) || parameter(step.action, "command") !== command) continue;
    const path = parameter(step.action, "path");
    if (path !== undefined && basename(path).includes(".")) paths.add(path.replace(/^\/testbed\//, ""));
  }
  return paths;
}

const helperScript = /^(reproduce|repro|edge_case|debug|test_issue|verify|check|scratch)[\w-]*\.py$/;

/**
 * `true_output_patch_only_existing_files`: .py diffs of files edited with str_replace, minus files the agent created.
 * Deviation from R2E: when no str_replace edit exists R2E keeps every .py diff (reproduce scripts included); here
 * new helper scripts (reproduce*, edge_case*, ...) and created files are still dropped.
 */
export function cleanOutputPatch(patch: string, steps: readonly TrajectoryStep[]): string {
  const edited = editorPaths(steps, "str_replace");
  const created = editorPaths(steps, "create");
  return splitDiff(patch)
    .filter((diff) => diff.path.endsWith(".py") && !created.has(diff.path))
    .filter((diff) => (edited.size > 0 ? edited.has(diff.path) : !(diff.isNewFile && helperScript.test(basename(diff.path)))))
    .map((diff) => diff.text)
    .join("");
}

/**
 * R2E's `Trajectory.true_output_patch`: only `.py` file diffs, and of those only the files edited with str_replace;
 * when no file was edited that way, every `.py` diff is kept (R2E's own edge case, kept for compatibility).
 */
export function trueOutputPatch(record: Pick<TrajectoryRecord, "trajectory_steps" | "output_patch">): string {
  const edited = editorPaths(record.trajectory_steps, "str_replace");
  return splitDiff(record.output_patch)
    .filter((diff) => diff.path.endsWith(".py") && (edited.size === 0 || edited.has(diff.path)))
    .map((diff) => diff.text)
    .join("");
}

/**
 * Which patch of a rollout is submitted: R2E's true_output_patch (`r2e`) or the whole `git diff` (`raw`) less the
 * entries that are junk or cannot be applied (patch-entries.ts).
 */
export type PatchMode = "r2e" | "raw";

/** The model_patch of a rollout under a patch mode. */
export function submissionPatch(mode: PatchMode, record: Pick<TrajectoryRecord, "trajectory_steps" | "output_patch">): string {
  return mode === "raw" ? applicablePatch(record.output_patch).patch : trueOutputPatch(record);
}

/** Checks a `--patch` option value; the error names the option, the expected values and the value received. */
export function parsePatchMode(option: string, value: string): PatchMode {
  if (value !== "r2e" && value !== "raw") throw badOptionValue(option, '"r2e" or "raw"', value);
  return value;
}
