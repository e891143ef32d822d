// Normalizes one chat message of any scaffold (OpenAI, SWE-agent, mini-swe-agent, ShareGPT) into a canonical message.
import { z } from "zod";
import { InputError } from "../core/errors.js";
import type { ChatMessage, ToolCall } from "./record.js";
import { firstIssueOf, safeParseReporting } from "../util/zod-issue.js";

type Location = { file: string; line: number };

/** Role names of the scaffolds, mapped onto canonical roles (ShareGPT's `from` values included). */
export const roleAliases: Readonly<Record<string, ChatMessage["role"]>> = {
  system: "system",
  developer: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  tool: "tool",
  function: "function_call",
  function_call: "function_call",
  observation: "observation",
};

const contentPartSchema = z.looseObject({ type: z.string().optional(), text: z.string().optional() });
const rawToolCallSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish() }),
});

/** A message as scaffolds write it: OpenAI role/content (content a string, a list of parts or null) or ShareGPT from/value. */
export const rawMessageSchema = z.looseObject({
  role: z.string().optional(),
  from: z.string().optional(),
  content: z.union([z.string(), z.array(contentPartSchema)]).nullish(),
  value: z.string().nullish(),
  tool_calls: z.array(rawToolCallSchema).nullish(),
  /** OpenAI's legacy single call on an assistant message. */
  function_call: z.looseObject({ name: z.string(), arguments: z.string().nullish() }).nullish(),
  tool_call_id: z.string().nullish(),
  /** SWE-agent writes the answered call ids as a list. */
  tool_call_ids: z.array(z.string()).nullish(),
  name: z.string().nullish(),
});
export type RawMessage = z.infer<typeof rawMessageSchema>;

/** The text of a message content: a string, the `text` of every text part joined by newlines, or "" for null. */
export function messageText(content: RawMessage["content"] | undefined): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  return content
    .filter((part) => part.text !== undefined && (part.type === undefined || part.type === "text"))
    .map((part) => part.text as string)
    .join("\n");
}

/** Tool calls in OpenAI's shape; object-valued arguments (some exports decode them) are written back as JSON text. */
export function toolCallsOf(message: RawMessage): ToolCall[] {
  const calls = message.tool_calls ?? (message.function_call ? [{ id: "", type: "function", function: message.function_call }] : []);
  return calls.map((call) => {
    const args = call.function.arguments;
    return {
      id: call.id ?? "",
      type: "function" as const,
      function: { name: call.function.name, arguments: args === undefined || args === null ? "{}" : typeof args === "string" ? args : JSON.stringify(args) },
    };
  });
}

/**
 * One canonical message; an unknown role is an InputError naming `field` (e.g. `messages.3.role`) and the roles
 * accepted. SWE-agent's `tool_call_ids` list becomes `tool_call_id` (SWE-agent answers one call per message).
 */
export function toChatMessage(message: RawMessage, location: Location, field: string): ChatMessage {
  const rawRole = message.role ?? message.from ?? "";
  const role = roleAliases[rawRole];
  if (role === undefined) {
    throw new InputError(`unknown role ${JSON.stringify(rawRole)} (expected ${Object.keys(roleAliases).join("|")})`, { ...location, field });
  }
  const result: ChatMessage = { role, content: message.content !== undefined && message.content !== null ? messageText(message.content) : (message.value ?? "") };
  const calls = toolCallsOf(message);
  if (calls.length > 0) result.tool_calls = calls;
  const answered = message.tool_call_id ?? message.tool_call_ids?.[0];
  if (answered !== undefined && answered !== null) result.tool_call_id = answered;
  if (message.name !== undefined && message.name !== null && role === "tool") result.name = message.name;
  return result;
}

/** Validates one item of a list; the error's field is `prefix.<path inside the item>` (e.g. `history.3.role`). */
export function parseItem<T extends z.ZodType>(schema: T, value: unknown, location: Location, prefix: string): z.infer<T> {
  const parsed = safeParseReporting(schema, value);
  if (parsed.success) return parsed.data;
  const { path, message } = firstIssueOf(parsed.error);
  throw new InputError(message, { ...location, field: path.length === 0 ? prefix : `${prefix}.${path.join(".")}` });
}

const absent = (value: unknown): boolean => value === undefined || value === null;
const optionalText = (value: unknown): boolean => absent(value) || typeof value === "string";

/**
 * True for a message that {@link rawMessageSchema} accepts and returns with the same values for every field
 * toChatMessage reads: a plain object whose role/from are strings (or absent), content/value/tool_call_id/name strings
 * (or null/absent), and no tool calls. The common case skips the schema (its parse of every message of every row was a
 * large share of import time); anything else takes the schema, which also words the errors.
 */
export function isPlainMessage(value: unknown): value is RawMessage {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  const noCalls = (calls: unknown): boolean => absent(calls) || (Array.isArray(calls) && calls.length === 0);
  return (
    (message.role === undefined || typeof message.role === "string") &&
    (message.from === undefined || typeof message.from === "string") &&
    optionalText(message.content) &&
    optionalText(message.value) &&
    optionalText(message.tool_call_id) &&
    optionalText(message.name) &&
    noCalls(message.tool_calls) &&
    noCalls(message.tool_call_ids) &&
    absent(message.function_call)
  );
}

/**
 * Validates and normalizes a list of raw messages; errors name `key.index[.field]` (indexes of the list as given).
 * Messages whose role is in `skipRoles` (scaffold bookkeeping such as mini-swe-agent's `exit`) are left out.
 */
export function toChatMessages(list: readonly unknown[], location: Location, key: string, skipRoles: ReadonlySet<string> = new Set()): ChatMessage[] {
  const messages: ChatMessage[] = [];
  list.forEach((value, index) => {
    const message = isPlainMessage(value) ? value : parseItem(rawMessageSchema, value, location, `${key}.${index}`);
    if (skipRoles.has(message.role ?? "")) return;
    messages.push(toChatMessage(message, location, `${key}.${index}.role`));
  });
  return messages;
}
