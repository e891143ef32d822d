// One entry point for every trajectory shape: detects the scaffold of a raw JSON value and imports it as a record.
import { extname } from "node:path";
import { InputError } from "../core/errors.js";
import { importMessageRow, isMessageRow, messageListKeys } from "./import-message-rows.js";
import { importMiniSweAgentTrajectory, isMiniSweAgentTrajectory } from "./import-mini-swe-agent.js";
import { importOpenHandsTrajectory, isOpenHandsTrajectory } from "./import-openhands.js";
import { importR2eTrajectory } from "./import-r2e.js";
import { importSweAgentTrajectory, isSweAgentTrajectory } from "./import-swe-agent.js";
import type { TrajectoryRecord } from "./record.js";

import { inputFormats, type ConcreteFormat, type InputFormat } from "./input-formats.js";

export { inputFormats, type ConcreteFormat, type InputFormat } from "./input-formats.js";

type Location = { file: string; line: number };

/** What auto-detection looks for, in order; the unrecognized-shape error lists it. */
const lookedFor = [
  "trajectory_format mini-swe-agent-* (mini-swe-agent .traj.json)",
  "history + info (SWE-agent .traj)",
  "a list of action/observation events, or history of them (OpenHands)",
  "trajectory_steps (R2E-Gym / entropo)",
  `${messageListKeys.join("/")} message lists (message rows, OpenAI tool_calls)`,
];

/** The format of a raw value: mini-swe-agent, SWE-agent (also any `.traj` file), OpenHands, R2E, message rows. */
export function detectFormat(value: unknown, file: string): ConcreteFormat | undefined {
  if (isMiniSweAgentTrajectory(value)) return "mini-swe-agent";
  if (extname(file) === ".traj" || isSweAgentTrajectory(value)) return "swe-agent";
  if (isOpenHandsTrajectory(value)) return "openhands";
  if (typeof value === "object" && value !== null && "trajectory_steps" in value) return "r2e";
  if (isMessageRow(value)) return "messages";
  return undefined;
}

/** The keys of a value, for error messages ("found keys: a, b, c" or the JSON type). */
function foundKeys(value: unknown): string {
  if (Array.isArray(value)) return `a JSON array of ${value.length}`;
  if (typeof value !== "object" || value === null) return `a JSON ${value === null ? "null" : typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? "an empty object" : `keys ${keys.slice(0, 12).join(", ")}${keys.length > 12 ? ", …" : ""}`;
}

/**
 * Imports one raw value as a canonical record (`format` forces an importer, `auto` detects it). An unrecognized shape
 * is an InputError at FILE:LINE that names the keys looked for and the keys found.
 */
export function importRecord(value: unknown, location: Location, format: InputFormat, fallbackId: string): TrajectoryRecord {
  const kind = format === "auto" ? detectFormat(value, location.file) : format;
  switch (kind) {
    case "mini-swe-agent":
      return importMiniSweAgentTrajectory(value, location, fallbackId);
    case "swe-agent":
      return importSweAgentTrajectory(value, location, fallbackId);
    case "openhands":
      return importOpenHandsTrajectory(value, location, fallbackId);
    case "r2e":
      return importR2eTrajectory(value, location, fallbackId);
    case "messages":
      return importMessageRow(value, location, fallbackId);
    case undefined:
      throw new InputError(`unrecognized record: looked for ${lookedFor.join("; ")}; found ${foundKeys(value)}`, {
        ...location,
        field: "(root)",
        hint: `use --format ${inputFormats.filter((one) => one !== "auto").join("|")} to force a format`,
      });
  }
}
