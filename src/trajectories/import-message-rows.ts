// Imports message-list rows as the EntroPO authors publish them (`messages` or `history`, optional system/reward/...).
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { parseWithSchema } from "../core/jsonl.js";
import { endsWithFinish, stepsFromMessages } from "./message-steps.js";
import { trajectoryRecordSchema, type ChatMessage, type TrajectoryRecord } from "./record.js";

const roleAliases: Record<string, ChatMessage["role"]> = {
  system: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  tool: "tool",
  function: "function_call",
  function_call: "function_call",
  observation: "observation",
};

const messageSchema = z.looseObject({
  role: z.string().optional(),
  content: z.string().nullish(),
  from: z.string().optional(),
  value: z.string().optional(),
});

const messageRowSchema = z.looseObject({
  messages: z.array(messageSchema).optional(),
  history: z.array(messageSchema).optional(),
  system: z.string().nullish(),
  tools: z.union([z.string(), z.array(z.unknown())]).nullish(),
  instance_id: z.string().nullish(),
  exit_reasons: z.union([z.string(), z.array(z.string())]).nullish(),
  exit_reason: z.string().nullish(),
  reward: z.union([z.number(), z.boolean()]).nullish(),
  source: z.string().nullish(),
  model: z.string().nullish(),
  rollout_index: z.number().int().nonnegative().nullish(),
  output_patch: z.string().nullish(),
  problem_statement: z.string().nullish(),
});
type MessageRow = z.infer<typeof messageRowSchema>;

/** Normalizes role/content or from/value messages to canonical roles; an unknown role names its field path. */
function normalizeMessages(row: MessageRow, location: { file: string; line: number }): ChatMessage[] {
  const key = row.messages !== undefined ? "messages" : "history";
  const list = row.messages ?? row.history ?? [];
  const messages = list.map((message, index): ChatMessage => {
    const rawRole = message.role ?? message.from ?? "";
    const role = roleAliases[rawRole];
    if (role === undefined) {
      const expected = Object.keys(roleAliases).join("|");
      throw new InputError(`unknown role ${JSON.stringify(rawRole)} (expected ${expected})`, { ...location, field: `${key}.${index}.role` });
    }
    return { role, content: message.content ?? message.value ?? "" };
  });
  if (row.system !== undefined && row.system !== null && row.system !== "" && messages[0]?.role !== "system") {
    messages.unshift({ role: "system", content: row.system });
  }
  return messages;
}

function exitReasonOf(row: MessageRow): string {
  const reasons = row.exit_reasons ?? row.exit_reason ?? "unknown";
  return Array.isArray(reasons) ? (reasons.at(-1) ?? "unknown") : reasons;
}

/** True when a row looks like a message-list row (has a `messages` or `history` array and no steps). */
export function isMessageRow(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const row = value as Record<string, unknown>;
  return Array.isArray(row.messages) || Array.isArray(row.history);
}

/** Validates one message-list row and converts it to a canonical record (steps derived from the messages). */
export function importMessageRow(value: unknown, location: { file: string; line: number }, fallbackId: string): TrajectoryRecord {
  const row = parseWithSchema(messageRowSchema, value, location);
  if (row.messages === undefined && row.history === undefined) {
    parseWithSchema(z.object({ messages: z.array(z.unknown()) }), value, location);
  }
  const messages = normalizeMessages(row, location);
  const firstUser = messages.find((message) => message.role === "user")?.content ?? "";
  const tools = row.tools === undefined || row.tools === null || row.tools === "" ? null : typeof row.tools === "string" ? row.tools : JSON.stringify(row.tools);
  const reward = row.reward === undefined || row.reward === null ? null : typeof row.reward === "boolean" ? Number(row.reward) : row.reward;
  return parseWithSchema(
    trajectoryRecordSchema,
    {
      trajectory_steps: stepsFromMessages(messages),
      problem_statement: row.problem_statement ?? firstUser,
      exit_reason: exitReasonOf(row),
      output_patch: row.output_patch ?? "",
      reward,
      instance_id: row.instance_id ?? fallbackId,
      rollout_index: row.rollout_index ?? 0,
      messages,
      finished: endsWithFinish(messages),
      model: row.model ?? "",
      agent_kind: "imported",
      source: row.source ?? null,
      tools,
    },
    location,
  );
}
