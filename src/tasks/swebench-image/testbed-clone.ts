// /testbed for an instance image from a local repository (git bundle, mirror or checkout), prepared as SWE-bench's
// setup_repo.sh does: the default branch reset to base_commit, no remote, no later tags or commits left.
import { execa } from "execa";
import { InputError } from "../../core/errors.js";

const git = (directory: string, args: string[], signal?: AbortSignal) => execa("git", ["-C", directory, ...args], { cancelSignal: signal, stripFinalNewline: true });

/** Clones `source` (bundle, mirror or checkout) into `destination` with its whole history, nothing checked out. */
export async function cloneRepository(source: string, destination: string, signal?: AbortSignal): Promise<void> {
  const clone = await execa("git", ["clone", "--quiet", "--no-checkout", source, destination], { reject: false, cancelSignal: signal });
  if (clone.exitCode !== 0) throw new InputError(`option --repo: git cannot clone ${source}: ${clone.stderr.trim().split("\n").at(-1) ?? ""}`);
}

/**
 * Turns a clone made by cloneRepository into SWE-bench's /testbed: `baseCommit` checked out on the default branch, no
 * remote, no tag newer than the base commit, nothing unreachable, and no later commit left (SWE-bench's check).
 */
export async function pruneToBaseCommit(destination: string, baseCommit: string, source: string, signal?: AbortSignal): Promise<void> {
  const known = await execa("git", ["-C", destination, "cat-file", "-e", `${baseCommit}^{commit}`], { reject: false });
  if (known.exitCode !== 0) throw new InputError(`option --repo: ${source} does not contain base_commit ${baseCommit}`);
  const branch = (await git(destination, ["symbolic-ref", "--short", "HEAD"])).stdout || "main";
  await git(destination, ["checkout", "--quiet", "-B", branch, baseCommit], signal);
  await git(destination, ["remote", "remove", "origin"], signal);
  const baseTime = Number((await git(destination, ["show", "-s", "--format=%ct", baseCommit])).stdout);
  const tags = (await git(destination, ["for-each-ref", "--format=%(refname:short) %(*committerdate:unix)%(committerdate:unix)", "refs/tags"])).stdout;
  for (const line of tags.split("\n").filter((entry) => entry.trim() !== "")) {
    const [tag = "", time = "0"] = line.split(" ");
    if (Number(time) > baseTime) await git(destination, ["tag", "-d", tag], signal);
  }
  const otherBranches = (await git(destination, ["for-each-ref", "--format=%(refname)", "refs/heads"])).stdout.split("\n").filter((ref) => ref !== "" && ref !== `refs/heads/${branch}`);
  for (const ref of otherBranches) await git(destination, ["update-ref", "-d", ref], signal);
  await git(destination, ["reflog", "expire", "--expire=now", "--all"], signal);
  await git(destination, ["gc", "--quiet", "--prune=now"], signal);
  const later = (await git(destination, ["log", "--oneline", "--all", `--since=@${baseTime + 1}`])).stdout.trim();
  if (later !== "") throw new InputError(`option --repo: commits after base_commit ${baseCommit} are still reachable in the clone of ${source}`);
}
