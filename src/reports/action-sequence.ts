// Action-name sequences of trajectories and their normalized edit distance, the diversity measure of the report.
import { editDistance } from "../util/edit-distance.js";

const functionPattern = /<function\s*=\s*([^>\s]+)\s*>/;
const commandPattern = /<parameter\s*=\s*command\s*>\s*([^<\s]+)\s*<\/parameter>/;

/**
 * The name of one agent action: the R2E function name (`execute_bash`), with file_editor's sub-command appended
 * (`file_editor:view`); JSON tool calls use their `name`; anything else its first word; empty actions `(none)`.
 */
export function actionName(action: string): string {
  const match = functionPattern.exec(action);
  if (match?.[1] !== undefined) {
    const command = commandPattern.exec(action)?.[1];
    return command === undefined ? match[1] : `${match[1]}:${command}`;
  }
  const trimmed = action.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === "object" && parsed !== null && "name" in parsed && typeof parsed.name === "string") return parsed.name;
    } catch {
      // not JSON: fall through to the first word
    }
  }
  return trimmed === "" ? "(none)" : (trimmed.split(/\s+/)[0] ?? "(none)");
}

/** Edit distance divided by the longer length: 0 for identical sequences, 1 for entirely different ones. */
export function normalizedEditDistance(left: readonly string[], right: readonly string[]): number {
  const longest = Math.max(left.length, right.length);
  return longest === 0 ? 0 : editDistance(left, right) / longest;
}

/** Mean normalized edit distance over all unordered pairs; null with fewer than two sequences. */
export function meanPairwiseDistance(sequences: readonly (readonly string[])[]): number | null {
  if (sequences.length < 2) return null;
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < sequences.length; i += 1) {
    for (let j = i + 1; j < sequences.length; j += 1) {
      total += normalizedEditDistance(sequences[i] ?? [], sequences[j] ?? []);
      pairs += 1;
    }
  }
  return total / pairs;
}
