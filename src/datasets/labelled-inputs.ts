// `--input LABEL=PATH`: inputs named as sources (several may share a label), read in order with their source attached.
import { existsSync } from "node:fs";
import { InputError } from "../core/errors.js";
import type { ReadTrajectoriesOptions, TrajectoryItem } from "../trajectories/read-trajectories.js";

export type LabelledInput = { source: string; path: string };

/** `LABEL=PATH` (LABEL of letters, digits, `_`, `-`, `.`) labels an input; any other value is its own source. */
export function parseInputs(inputs: readonly string[]): LabelledInput[] {
  return inputs.map((input) => {
    const match = /^([\w.-]+)=(.+)$/.exec(input);
    return match !== null && !existsSync(input) ? { source: match[1] as string, path: match[2] as string } : { source: input, path: input };
  });
}

/** Throws for the first local input that does not exist (before any input is read). */
export function assertInputsExist(inputs: readonly LabelledInput[]): void {
  const missing = inputs.find((input) => !input.path.startsWith("hf:") && !existsSync(input.path));
  if (missing !== undefined) throw new InputError("input not found", { file: missing.path, hint: "--input takes files, directories or hf:OWNER/NAME[@REV] (LABEL=PATH names a source)" });
}

/** Yields the records of every input in order, each with the source of the input it came from; a missing input fails first. */
export async function* readLabelledTrajectories(inputs: readonly LabelledInput[], options: ReadTrajectoriesOptions): AsyncGenerator<TrajectoryItem & { source: string }> {
  assertInputsExist(inputs);
  // The importers (and their schemas) load when records are read here, not with the module (threads read them instead).
  const { readTrajectories } = await import("../trajectories/read-trajectories.js");
  const { loadRewards } = await import("../trajectories/rewards.js");
  // Loaded once for all inputs (and reported once), then passed on as a table.
  const loaded = typeof options.rewards === "string" ? await loadRewards(options.rewards) : undefined;
  if (loaded !== undefined) options.onRewards?.(loaded);
  const rewards = loaded !== undefined ? loaded.table : options.rewards;
  for (const input of inputs) {
    for await (const item of readTrajectories([input.path], { ...options, ...(rewards !== undefined ? { rewards } : {}) })) yield { ...item, source: input.source };
  }
}
