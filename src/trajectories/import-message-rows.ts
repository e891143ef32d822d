// Imports message-list rows: the EntroPO authors' published rows and OpenAI `tool_calls` exports (SWE-smith, SWE-Gym,
// OpenHands datasets) — `messages`/`history`/`trajectory` lists with optional tools, reward and outcome columns.
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseWithSchema } from "../util/jsonl.js";
import { toChatMessages } from "./message-content.js";
import { endsWithFinish, stepsFromMessages } from "./message-steps.js";
import { outcomeOf } from "./outcome.js";
import { importedRecord } from "./imported-record.js";
import type { ChatMessage, TrajectoryRecord } from "./record.js";

type Location = { file: string; line: number };

/** The columns that can hold the message list, in the order they are looked for. */
export const messageListKeys = ["messages", "history", "trajectory"] as const;

const messageRowSchema = z.looseObject({
  system: z.string().nullish(),
  tools: z.union([z.string(), z.array(z.unknown())]).nullish(),
  instance_id: z.string().nullish(),
  exit_reasons: z.union([z.string(), z.array(z.string())]).nullish(),
  exit_reason: z.string().nullish(),
  /** Scaffold status (SWE-agent/OpenHands exports: `submitted`, `submit`, ...). */
  exit_status: z.string().nullish(),
  reward: z.union([z.number(), z.boolean()]).nullish(),
  /** SWE-smith / SWE-Gym / nebius exports: resolved by the SWE-bench harness. */
  resolved: z.union([z.number(), z.boolean()]).nullish(),
  source: z.string().nullish(),
  model: z.string().nullish(),
  model_name: z.string().nullish(),
  rollout_index: z.number().int().nonnegative().nullish(),
  output_patch: z.string().nullish(),
  patch: z.string().nullish(),
  model_patch: z.string().nullish(),
  problem_statement: z.string().nullish(),
});
type MessageRow = z.infer<typeof messageRowSchema>;

/** True for an array of chat messages (objects with `role` or `from`); SWE-agent's step list has neither. */
function isMessageList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "object" && item !== null && ("role" in item || "from" in item));
}

/** The key holding the message list of a row: a message array, or (`messages`) its JSON text. */
function messageListKey(row: Record<string, unknown>): (typeof messageListKeys)[number] | undefined {
  if (typeof row.messages === "string") return "messages";
  return messageListKeys.find((key) => isMessageList(row[key]) || (key !== "trajectory" && Array.isArray(row[key])));
}

/** True when a row looks like a message-list row (a `messages`, `history` or `trajectory` list of chat messages). */
export function isMessageRow(value: unknown): boolean {
  return typeof value === "object" && value !== null && messageListKey(value as Record<string, unknown>) !== undefined;
}

/** The row's message list as an array; `messages` may be a JSON string (datasets that store it as text). */
function rawMessageList(row: Record<string, unknown>, key: string, location: Location): unknown[] {
  const value = row[key];
  if (typeof value !== "string") return value as unknown[];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new InputError("a string here must be the JSON text of a message list", { ...location, field: key });
}

function exitReasonOf(row: MessageRow): string | undefined {
  const reasons = row.exit_reasons ?? row.exit_reason;
  if (reasons === undefined || reasons === null) return undefined;
  return Array.isArray(reasons) ? (reasons.at(-1) ?? "unknown") : reasons;
}

function numberOf(value: number | boolean | null | undefined): number | null {
  return value === undefined || value === null ? null : typeof value === "boolean" ? Number(value) : value;
}

/** Validates one message-list row and converts it to a canonical record (steps derived from the messages). */
export function importMessageRow(value: unknown, location: Location, fallbackId: string): TrajectoryRecord {
  const row = parseWithSchema(messageRowSchema, value, location);
  const key = messageListKey(value as Record<string, unknown>);
  if (key === undefined) throw new InputError(`expected a message list in one of ${messageListKeys.join(", ")}`, { ...location, field: "messages" });
  const messages: ChatMessage[] = toChatMessages(rawMessageList(value as Record<string, unknown>, key, location), location, key);
  if (row.system !== undefined && row.system !== null && row.system !== "" && messages[0]?.role !== "system") messages.unshift({ role: "system", content: row.system });
  const firstUser = messages.find((message) => message.role === "user")?.content ?? "";
  // An empty system or tools column counts as absent (as the authors' scripts' truthiness test does).
  const tools = row.tools === undefined || row.tools === null || row.tools === "" ? null : typeof row.tools === "string" ? row.tools : JSON.stringify(row.tools);
  const finished = endsWithFinish(messages);
  // Without a status column, a trajectory that ends with a finish/submit call exited through the agent (R2E's "agent").
  const status = row.exit_status === undefined || row.exit_status === null ? (finished ? outcomeOf("export", "submitted") : undefined) : outcomeOf(row.source ?? "export", row.exit_status);
  // Every field below is built from validated input: the record schema's defaults are filled in without a second pass.
  return importedRecord({
    trajectory_steps: stepsFromMessages(messages),
    problem_statement: row.problem_statement ?? firstUser,
    exit_reason: exitReasonOf(row) ?? status?.exit_reason ?? "unknown",
    output_patch: row.output_patch ?? row.patch ?? row.model_patch ?? "",
    reward: numberOf(row.reward) ?? numberOf(row.resolved),
    instance_id: row.instance_id ?? fallbackId,
    rollout_index: row.rollout_index ?? 0,
    messages,
    finished: status?.finished ?? finished,
    model: row.model ?? row.model_name ?? "",
    agent_kind: "imported",
    source: row.source ?? null,
    tools,
  });
}
