// Streams canonical trajectory records from any supported input (files, directories, hf: datasets), auto-detected per file.
import { readdir, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { InputError, throwIfAborted } from "../core/errors.js";
import type { HubOptions } from "../hub/hf-dataset.js";
import { importMessageRow, isMessageRow } from "./import-message-rows.js";
import { importR2eTrajectory } from "./import-r2e.js";
import { importSweAgentTrajectory, isSweAgentTrajectory } from "./import-swe-agent.js";
import { readRawRecords, type RawRecord } from "./raw-records.js";
import type { TrajectoryRecord } from "./record.js";
import { loadRewards, lookupReward, type RewardTable } from "./rewards.js";

export const inputFormats = ["auto", "r2e", "messages", "swe-agent"] as const;
export type InputFormat = (typeof inputFormats)[number];

export type TrajectoryItem = { record: TrajectoryRecord; file: string; line: number };

export type ReadTrajectoriesOptions = {
  format?: InputFormat;
  /** A rewards file path or an already loaded table; its entries override the records' own rewards. */
  rewards?: string | RewardTable;
  /** Skip records that fail validation (reported through onSkip) instead of failing. */
  skipInvalid?: boolean;
  signal?: AbortSignal;
  onSkip?: (error: InputError) => void;
  /** Called when a file starts: its index among all files and their total. */
  onFile?: (file: string, index: number, total: number) => void;
  hub?: HubOptions;
};

const dataExtensions = new Set([".json", ".jsonl", ".traj", ".parquet"]);
const summaryNames = new Set(["collection_summary.json", "dataset_info.json"]);

/** Expands directories (recursively, sorted; summaries and non-data files left out) and hf: ids into files. */
async function expandInputs(inputs: readonly string[], hub: HubOptions = {}): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    if (input.startsWith("hf:")) {
      const { resolveHfInput } = await import("../hub/hf-dataset.js"); // the hub client loads only for hf: inputs
      files.push(...(await resolveHfInput(input, hub)));
      continue;
    }
    const info = await stat(input).catch(() => {
      throw new InputError("input not found", { file: input, hint: "--input takes files, directories or hf:OWNER/NAME[@REV]" });
    });
    if (!info.isDirectory()) {
      files.push(input);
      continue;
    }
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    const found = entries
      .filter((entry) => entry.isFile() && dataExtensions.has(extname(entry.name)) && !summaryNames.has(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    files.push(...found);
  }
  return files;
}

function convert(raw: RawRecord & { value: unknown }, format: InputFormat): TrajectoryRecord {
  const location = { file: raw.file, line: raw.line };
  const stem = basename(raw.file, extname(raw.file));
  const fallbackId = raw.singleRecordFile ? stem : `${stem}:${raw.line}`;
  const value = raw.value;
  const kind =
    format !== "auto"
      ? format
      : extname(raw.file) === ".traj" || isSweAgentTrajectory(value)
        ? "swe-agent"
        : typeof value === "object" && value !== null && "trajectory_steps" in value
          ? "r2e"
          : isMessageRow(value)
            ? "messages"
            : undefined;
  if (kind === "swe-agent") return importSweAgentTrajectory(value, location, fallbackId);
  if (kind === "r2e") return importR2eTrajectory(value, location, fallbackId);
  if (kind === "messages") return importMessageRow(value, location, fallbackId);
  throw new InputError("unrecognized record: expected trajectory_steps (R2E), messages/history (message rows) or a SWE-agent .traj", {
    ...location,
    field: "(root)",
    hint: "use --format r2e|messages|swe-agent to force a format",
  });
}

function applyReward(record: TrajectoryRecord, raw: RawRecord, table: RewardTable | undefined): TrajectoryRecord {
  if (table === undefined) return record;
  const keys = { file: raw.file, singleRecordFile: raw.singleRecordFile, instanceId: record.instance_id, rolloutIndex: record.rollout_index };
  const entry = lookupReward(table, keys);
  return entry === undefined ? record : { ...record, reward: entry.reward };
}

/** Yields canonical records from every input; invalid records throw FILE:LINE + field, or are skipped with skipInvalid. */
export async function* readTrajectories(inputs: readonly string[], options: ReadTrajectoriesOptions = {}): AsyncGenerator<TrajectoryItem> {
  const format = options.format ?? "auto";
  const table = typeof options.rewards === "string" ? await loadRewards(options.rewards) : options.rewards;
  const files = await expandInputs(inputs, { ...options.hub, signal: options.signal });
  for (const [index, file] of files.entries()) {
    options.onFile?.(file, index, files.length);
    for await (const raw of readRawRecords(file)) {
      throwIfAborted(options.signal);
      try {
        if (raw.error !== undefined) throw raw.error;
        const record = applyReward(convert({ ...raw, value: raw.value }, format), raw, table);
        yield { record, file: raw.file, line: raw.line };
      } catch (error) {
        if (!(error instanceof InputError) || options.skipInvalid !== true) throw error;
        options.onSkip?.(error);
      }
    }
  }
}
