// Entries of a rollout's `git diff` that must not be submitted: Python bytecode and test caches the agent's commands
// left behind (`__pycache__/`, `*.pyc`, `.pytest_cache/`), and binary changes recorded without their data ("Binary files
// a/x and b/x differ", what `git diff` without --binary writes), which `git apply` rejects, failing the whole patch.

export type FileDiff = { path: string; text: string; isNewFile: boolean };

/** Splits a `git diff` into per-file diffs (path = the `b/` side). */
export function splitDiff(patch: string): FileDiff[] {
  const blocks = patch.split(/^(?=diff --git )/m).filter((block) => block.startsWith("diff --git "));
  return blocks.map((text) => {
    const header = /^diff --git a\/(.+?) b\/(.+)$/m.exec(text);
    return { path: header?.[2] ?? "", text, isNewFile: /^new file mode/m.test(text) };
  });
}

/** Git pathspecs (glob magic) of the junk paths; `outputPatch` leaves them out of the diff it records. */
export const JUNK_PATHSPECS = ["**/__pycache__/**", "**/*.pyc", "**/*.pyo", "**/.pytest_cache/**"];

/** True for a path under `__pycache__/` or `.pytest_cache/`, or a `.pyc`/`.pyo` file. */
export function isJunkPath(path: string): boolean {
  return /(^|\/)(__pycache__|\.pytest_cache)\//.test(path) || /\.py[co]$/.test(path);
}

/** True when a file's diff is a binary change without its data (git diff without --binary): it cannot be applied. */
function lacksBinaryData(text: string): boolean {
  return /^Binary files .* differ$/m.test(text) && !/^GIT binary patch$/m.test(text);
}

/** A patch without junk entries and without binary changes that carry no data, and the paths of what was dropped. */
export function applicablePatch(patch: string): { patch: string; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const diff of splitDiff(patch)) {
    if (isJunkPath(diff.path) || lacksBinaryData(diff.text)) dropped.push(diff.path);
    else kept.push(diff.text);
  }
  if (dropped.length === 0) return { patch, dropped };
  return { patch: kept.join(""), dropped };
}
