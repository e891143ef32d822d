// An instance's requirements.txt as SWE-bench assembles it (get_requirements_by_commit + clean_requirements), read
// from a local clone at the environment setup commit instead of raw.githubusercontent.com.
import { posix } from "node:path";
import { execa } from "execa";
import { InputError } from "../../core/errors.js";
import { requirementsPaths } from "../swebench-specs.js";

/** A file's text at `commit` in the clone at `repoDir`, or null when it does not exist there. */
export async function gitShow(repoDir: string, commit: string, path: string): Promise<string | null> {
  const result = await execa("git", ["-C", repoDir, "show", `${commit}:${path}`], { reject: false, stripFinalNewline: false });
  return result.exitCode === 0 ? result.stdout : null;
}

/** SWE-bench leaves out editable self-installs, comments and `.[test` lines. */
const excluded = (line: string): boolean => ["-e .", "#", ".[test"].some((prefix) => line.trim().startsWith(prefix));

/** Packages SWE-bench replaces because they were yanked (REPLACE_REQ_PACKAGES). */
const replacements: [string, string][] = [["types-pkg_resources", "types-setuptools"]];

/**
 * The requirements text SWE-bench installs for `packages: requirements.txt`: the first existing file of the repo's
 * requirement paths; its `-r` includes (one level) first, then its own lines, without excluded lines.
 */
export async function swebenchRequirements(repoDir: string, repo: string, commit: string): Promise<string> {
  const candidates = requirementsPaths[repo] ?? [];
  let path: string | undefined;
  let text: string | null = null;
  for (const candidate of candidates) {
    text = await gitShow(repoDir, commit, candidate);
    if (text !== null) {
      path = candidate;
      break;
    }
  }
  if (text === null || path === undefined) {
    throw new InputError(`no requirements file of ${repo} (${candidates.join(", ") || "none known"}) exists at commit ${commit}`, { field: "environment_setup_commit" });
  }
  const directory = posix.dirname(path);
  const original: string[] = [];
  const additional: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim().startsWith("-r")) {
      const included = await gitShow(repoDir, commit, posix.normalize(posix.join(directory, line.slice(2).trim())));
      if (included !== null) additional.push(...included.split("\n").filter((extra) => !excluded(extra)));
    } else if (!excluded(line)) original.push(line);
  }
  additional.push(original.join("\n"));
  let requirements = additional.join("\n");
  for (const [name, replacement] of replacements) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
    requirements = requirements.replace(new RegExp(`(?<![^\\n])${escaped}(?:[<>=!~]=?[^\\n]*|(?![^\\n]))`, "g"), replacement);
  }
  return requirements;
}
