// The rollout's output patch: `git add -A && git diff --cached` in the repository, as R2E's get_patch, made with
// --binary (a binary change carries its data, so the patch applies) and without junk (Python bytecode, test caches).
import { randomBytes } from "node:crypto";
import type { Sandbox } from "../sandbox/sandbox.js";
import { JUNK_PATHSPECS } from "../trajectories/patch-entries.js";

export type OutputPatch = {
  /** `git diff --cached --binary` against the base commit, junk left out ("" when git fails). */
  patch: string;
  /** Paths of the junk entries left out (`__pycache__/`, `*.pyc`, `.pytest_cache/`). */
  dropped: string[];
};

/** Stages everything and returns the cached binary diff against the base commit, without junk entries. */
export async function outputPatch(sandbox: Sandbox, timeoutSeconds = 120): Promise<OutputPatch> {
  const separator = `entropo-junk-end-${randomBytes(6).toString("hex")}`;
  const junk = JUNK_PATHSPECS.map((spec) => `':(glob)${spec}'`).join(" ");
  const excluded = JUNK_PATHSPECS.map((spec) => `':(exclude,glob)${spec}'`).join(" ");
  const command =
    `git add -A && git diff --cached --name-only -z -- ${junk} && printf '\\0%s\\0' ${separator} && ` +
    `git diff --cached --binary -- . ${excluded}`;
  const result = await sandbox.exec(command, { timeoutSeconds });
  const stdout = result.stdout ?? result.output;
  const at = stdout.indexOf(`\0${separator}\0`);
  if (result.exitCode !== 0 || at < 0) return { patch: "", dropped: [] };
  return {
    patch: stdout.slice(at + separator.length + 2),
    dropped: stdout.slice(0, at).split("\0").filter((path) => path !== ""),
  };
}
