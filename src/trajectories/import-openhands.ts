// Imports an OpenHands event list (a saved trajectory: JSON array of action/observation events, or an evaluation
// output row whose `history` is that list) into the canonical record.
import { z } from "zod";
import { parseWithSchema } from "../util/jsonl.js";
import { messageText, parseItem, rawMessageSchema, toolCallsOf } from "./message-content.js";
import { stepsFromMessages } from "./message-steps.js";
import { trajectoryRecordSchema, type ChatMessage, type ToolCall, type TrajectoryRecord } from "./record.js";

type Location = { file: string; line: number };

const eventSchema = z.looseObject({
  id: z.number().optional(),
  source: z.string().optional(),
  action: z.string().optional(),
  observation: z.string().optional(),
  cause: z.number().nullish(),
  content: z.string().nullish(),
  message: z.string().nullish(),
  args: z.record(z.string(), z.unknown()).default({}),
  tool_call_metadata: z
    .looseObject({
      function_name: z.string(),
      tool_call_id: z.string(),
      model_response: z.looseObject({ id: z.string().nullish(), model: z.string().nullish(), choices: z.array(z.looseObject({ message: rawMessageSchema })).default([]) }).nullish(),
    })
    .nullish(),
});
type OpenHandsEvent = z.infer<typeof eventSchema>;

const outputRowSchema = z.looseObject({
  history: z.array(z.unknown()),
  instance_id: z.string().nullish(),
  test_result: z.looseObject({ git_patch: z.string().nullish(), report: z.looseObject({ resolved: z.boolean().nullish() }).nullish() }).nullish(),
  metadata: z.looseObject({ llm_config: z.looseObject({ model: z.string().nullish() }).nullish() }).nullish(),
  instance: z.looseObject({ problem_statement: z.string().nullish() }).nullish(),
  error: z.string().nullish(),
  resolved: z.boolean().nullish(),
});

/** Events that are bookkeeping of the OpenHands controller, not part of the conversation. */
const bookkeeping = new Set(["recall", "change_agent_state", "agent_state_changed", "null", "condensation", "condensation_request"]);

/** True for a list of OpenHands events (objects carrying `action` or `observation`). */
export function isOpenHandsEventList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "object" && item !== null && ("action" in item || "observation" in item));
}

/** True for an OpenHands event list or an evaluation output row (`history` of events). */
export function isOpenHandsTrajectory(value: unknown): boolean {
  return isOpenHandsEventList(value) || (typeof value === "object" && value !== null && isOpenHandsEventList((value as Record<string, unknown>).history));
}

/** The assistant turn of an agent action: the model response's text and every call it made (once per response). */
function assistantTurn(event: OpenHandsEvent): ChatMessage {
  const metadata = event.tool_call_metadata;
  const modelMessage = metadata?.model_response?.choices[0]?.message;
  const thought = typeof event.args.thought === "string" ? event.args.thought : "";
  if (metadata !== undefined && metadata !== null && modelMessage !== undefined) {
    const calls = toolCallsOf(modelMessage);
    const content = messageText(modelMessage.content);
    return { role: "assistant", content: content !== "" ? content : thought, tool_calls: calls.length > 0 ? calls : [callFromEvent(event, metadata.tool_call_id, metadata.function_name)] };
  }
  return { role: "assistant", content: thought, tool_calls: [callFromEvent(event, String(event.id ?? ""), event.action ?? "action")] };
}

/** A call rebuilt from an event's own arguments (events saved without the model response). */
function callFromEvent(event: OpenHandsEvent, id: string, name: string): ToolCall {
  const { thought: _thought, impl_source: _source, ...args } = event.args;
  return { id, type: "function", function: { name, arguments: JSON.stringify(args) } };
}

/** Conversation, tools and whether the agent finished, read off the event list in order. */
function conversationOf(events: readonly OpenHandsEvent[]): { messages: ChatMessage[]; tools: string | null; finished: boolean; model: string } {
  const messages: ChatMessage[] = [];
  const seenResponses = new Set<string>();
  const callIds = new Map<number, string>();
  let tools: string | null = null;
  let finished = false;
  let model = "";
  for (const event of events) {
    if (event.action !== undefined) {
      if (bookkeeping.has(event.action)) continue;
      if (event.action === "system") {
        messages.push({ role: "system", content: String(event.args.content ?? "") });
        if (Array.isArray(event.args.tools)) tools = JSON.stringify(event.args.tools);
        continue;
      }
      if (event.action === "message" && event.source === "user") {
        messages.push({ role: "user", content: String(event.args.content ?? event.message ?? "") });
        continue;
      }
      if (event.action === "message") {
        messages.push({ role: "assistant", content: String(event.args.content ?? event.message ?? "") });
        continue;
      }
      if (event.action === "finish") finished = true;
      const metadata = event.tool_call_metadata;
      if (metadata !== undefined && metadata !== null && event.id !== undefined) callIds.set(event.id, metadata.tool_call_id);
      model ||= metadata?.model_response?.model ?? "";
      const responseId = metadata?.model_response?.id;
      if (responseId !== undefined && responseId !== null && seenResponses.has(responseId)) continue;
      if (responseId !== undefined && responseId !== null) seenResponses.add(responseId);
      const turn = assistantTurn(event);
      if (metadata === undefined || metadata === null) callIds.set(event.id ?? -1, turn.tool_calls?.[0]?.id ?? "");
      messages.push(turn);
      continue;
    }
    if (event.observation === undefined || bookkeeping.has(event.observation)) continue;
    const callId = event.tool_call_metadata?.tool_call_id ?? (event.cause === undefined || event.cause === null ? undefined : callIds.get(event.cause));
    const content = event.content ?? event.message ?? "";
    if (callId === undefined) messages.push({ role: "user", content });
    else messages.push({ role: "tool", content, tool_call_id: callId, ...(event.tool_call_metadata ? { name: event.tool_call_metadata.function_name } : {}) });
  }
  return { messages, tools, finished, model };
}

/**
 * Converts an OpenHands trajectory. Agent actions become assistant turns whose `tool_calls` are the calls of the
 * model response that produced them (parallel calls of one response make one turn); observations become `tool`
 * messages answering their call; the `system` action gives the system prompt and the `tools` schemas. A `finish`
 * action ends the episode (exit reason `agent`); an evaluation row's `error` gives `max_step_limit` for the iteration
 * limit, else `openhands:error`. `test_result.git_patch` is the output patch, `test_result.report.resolved` the reward.
 */
export function importOpenHandsTrajectory(value: unknown, location: Location, fallbackId: string): TrajectoryRecord {
  const row = Array.isArray(value) ? undefined : parseWithSchema(outputRowSchema, value, location);
  const rawEvents = row?.history ?? (value as unknown[]);
  const events = rawEvents.map((event, index) => parseItem(eventSchema, event, location, row === undefined ? String(index) : `history.${index}`));
  const { messages, tools, finished, model } = conversationOf(events);
  const error = row?.error ?? null;
  const exitReason = finished ? "agent" : error === null ? "unknown" : /maximum iteration/i.test(error) ? "max_step_limit" : "openhands:error";
  const resolved = row?.test_result?.report?.resolved ?? row?.resolved;
  return parseWithSchema(
    trajectoryRecordSchema,
    {
      trajectory_steps: stepsFromMessages(messages),
      problem_statement: row?.instance?.problem_statement ?? messages.find((message) => message.role === "user")?.content ?? "",
      exit_reason: exitReason,
      output_patch: row?.test_result?.git_patch ?? "",
      reward: resolved === undefined || resolved === null ? null : Number(resolved),
      instance_id: row?.instance_id ?? fallbackId,
      messages,
      finished,
      model: row?.metadata?.llm_config?.model ?? model,
      agent_kind: "imported",
      source: "openhands",
      tools,
    },
    location,
  );
}
