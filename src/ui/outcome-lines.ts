// Text lines for a stage's last finished run (StageOutcome, read by pipeline/stage-outcome.ts): when, result, outputs.
import { isAbsolute, relative } from "node:path";
import type { StageOutcome, StageResult } from "../pipeline/stage-outcome.js";
import { formatDuration } from "./sparkline.js";

export type OutcomeLine = { key: string; text: string; color?: string };

/** A path relative to the working directory when it lies below it, else as given. */
function shown(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}

/** A share as a percentage with one decimal ("25.0%"), or "" when the total is unknown or zero. */
function percent(count: number, total: number | null): string {
  return total === null || total === 0 ? "" : ` (${((100 * count) / total).toFixed(1)}%)`;
}

/** One line describing a stage kind's result (its files are listed with the outputs). */
function resultLine(result: StageResult, cwd: string): string {
  switch (result.kind) {
    case "rollout":
      return `rollouts ${result.recorded}${result.expected === null ? "" : `/${result.expected}`} recorded · resolved ${result.resolved}${percent(result.resolved, result.recorded)}${result.model === null ? "" : ` · ${result.model}`}`;
    case "train":
      return `training ${result.status} · ${result.steps ?? "?"} steps · final loss ${result.loss === null ? "n/a" : result.loss.toFixed(4)}`;
    case "data":
      return `dataset ${result.rows} rows`;
    case "verify":
      return `verify ${result.scored}/${result.candidates} candidates scored${percent(result.scored, result.candidates)} · ${result.instances} instances · verifier ${result.verifier} · regression ${result.regression}`;
    case "select":
      return `selection ${result.strategy} · resolved ${result.resolved ?? "?"}/${result.instances ?? "?"}${percent(result.resolved ?? 0, result.resolved === null ? null : result.instances)}`;
    case "report":
      return `report ${shown(result.report, cwd)}`;
  }
}

/** The lines of a stage's last run: time (UTC) and duration, its result, a read problem, each declared output. */
export function outcomeLines(outcome: StageOutcome, cwd = process.cwd()): OutcomeLine[] {
  const when = new Date(outcome.finishedAt).toISOString().slice(0, 16).replace("T", " ");
  const lines: OutcomeLine[] = [{ key: "when", text: `last run finished ${when} UTC · took ${formatDuration(outcome.seconds)}` }];
  if (outcome.result !== null) lines.push({ key: "result", text: resultLine(outcome.result, cwd) });
  if (outcome.problem !== null) lines.push({ key: "problem", text: `could not read its outputs: ${outcome.problem}`, color: "red" });
  outcome.outputs.forEach((output, index) =>
    lines.push(output.exists ? { key: `out${index}`, text: `✔ ${shown(output.path, cwd)}`, color: "gray" } : { key: `out${index}`, text: `✖ missing ${shown(output.path, cwd)}`, color: "yellow" }),
  );
  return lines;
}
