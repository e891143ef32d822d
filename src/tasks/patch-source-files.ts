// The files a unified diff modifies, read the way the `unidiff` package's PatchSet does (SWE-bench's get_modified_files).
import { InputError } from "../core/errors.js";

type PatchedFile = { source: string; target: string; hunks: number };

const gitHeaders = [/^diff --git ("?a\/[^\t\n]+"?) ("?b\/[^\t\n]+"?)/, /^diff --git ([^\n]*:\/\/[^\t\n]+) ([^\n]*:\/\/[^\t\n]+)/, /^diff --git ([^\t\n]+) ([^\t\n]+)/];
const sourceHeader = /^--- ("?[^\t\n]*"?)(?:\t[^\n]+)?/;
const targetHeader = /^\+\+\+ ("?[^\t\n]*"?)(?:\t[^\n]+)?/;
const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const binaryDiff = /^Binary files? ([^\t]+?)(?:\t[\s0-9:+-]+)?(?: and ([^\t]+?)(?:\t[\s0-9:+-]+)?)? (?:differ|has changed)/;
const devNull = "/dev/null";

/** Consumes the body lines of one hunk (counting source and target lines as unidiff does); returns the next index. */
function skipHunk(lines: string[], index: number, header: RegExpExecArray, where: string): number {
  const sourceLength = header[2] === undefined ? 1 : Number(header[2]);
  const targetLength = header[4] === undefined ? 1 : Number(header[4]);
  let source = 0;
  let target = 0;
  let next = index;
  while (next < lines.length && !(source === sourceLength && target === targetLength)) {
    const line = lines[next] as string;
    const kind = line === "" || line.startsWith("\r") ? " " : line[0];
    if (kind === "+") target += 1;
    else if (kind === "-") source += 1;
    else if (kind === " ") {
      source += 1;
      target += 1;
    } else if (kind !== "\\") throw new InputError(`${where}: hunk line expected at patch line ${next + 1}: ${JSON.stringify(line.slice(0, 80))}`);
    if (source > sourceLength || target > targetLength) throw new InputError(`${where}: hunk at patch line ${index} is longer than its header says`);
    next += 1;
  }
  if (source < sourceLength || target < targetLength) throw new InputError(`${where}: hunk at patch line ${index} is shorter than its header says`);
  return next;
}

/** Parses the file headers of a patch (git and plain unified diffs); `where` names the patch in errors. */
function patchedFiles(patch: string, where: string): PatchedFile[] {
  const lines = patch.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const files: PatchedFile[] = [];
  let current: PatchedFile | null = null;
  let inGitHeader = false;
  let pendingSource: string | null = null;
  for (let index = 0; index < lines.length; ) {
    const line = lines[index] as string;
    index += 1;
    const git = gitHeaders.map((pattern) => pattern.exec(line)).find((match) => match !== null);
    if (git !== undefined && git !== null) {
      current = { source: git[1] ?? "", target: git[2] ?? "", hunks: 0 };
      files.push(current);
      inGitHeader = true;
      continue;
    }
    const fileMode = /^(new|deleted) file mode \d+$/.exec(line);
    if (fileMode !== null) {
      if (current === null) throw new InputError(`${where}: "${line}" outside a file header at patch line ${index}`);
      if (fileMode[1] === "new") current.source = devNull;
      else current.target = devNull;
    }
    else if (current !== null && inGitHeader && /^(old mode \d+|new mode \d+|index [0-9a-f]+\.\.[0-9a-f]+ \d+)$/.test(line)) continue;
    else if (sourceHeader.test(line)) {
      pendingSource = sourceHeader.exec(line)?.[1] ?? "";
      if (current !== null && !inGitHeader) current = null;
    } else if (targetHeader.test(line)) {
      const target = targetHeader.exec(line)?.[1] ?? "";
      if (current === null) {
        if (pendingSource === null) throw new InputError(`${where}: target header without a source header at patch line ${index}`);
        current = { source: pendingSource, target, hunks: 0 };
        files.push(current);
        inGitHeader = false;
        pendingSource = null;
      }
    } else if (hunkHeader.test(line)) {
      inGitHeader = false;
      if (current === null) throw new InputError(`${where}: hunk without a file header at patch line ${index}`);
      index = skipHunk(lines, index, hunkHeader.exec(line) as RegExpExecArray, where);
      current.hunks += 1;
    } else if (!line.startsWith("\\ No newline at end of file") && !(line === "" && current !== null && current.hunks > 0)) {
      if (!inGitHeader) current = null;
      inGitHeader = true;
      const binary = binaryDiff.exec(line);
      if (binary !== null) {
        if (current === null) files.push({ source: binary[1] ?? "", target: binary[2] ?? binary[1] ?? "", hunks: 0 });
        current = null;
        inGitHeader = false;
      } else if (line === "GIT binary patch") {
        current = null;
        inGitHeader = false;
      }
    }
  }
  return files;
}

/** SWE-bench's get_modified_files: source paths (without `a/`) of the files a patch modifies or deletes. */
export function modifiedFiles(patch: string, where = "test_patch"): string[] {
  return patchedFiles(patch, where)
    .map((file) => file.source)
    .filter((source) => source !== devNull && source.startsWith("a/"))
    .map((source) => source.slice(2));
}
