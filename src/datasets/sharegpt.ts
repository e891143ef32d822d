// Converts canonical chat messages into LLaMA-Factory ShareGPT messages that pass its converter's rules.
import type { ChatMessage } from "../trajectories/record.js";
import { renderR2eActions } from "./r2e-actions.js";
import { functionCallValue, functionTurn, type FunctionTurn } from "./tool-turns.js";

export type ShareGptRole = "system" | "human" | "gpt" | "function_call" | "observation";
export type ShareGptMessage = { from: ShareGptRole; value: string };

/**
 * How a model turn's tool calls are written: `native` keeps structured calls as LLaMA-Factory `function_call` turns
 * (the model keeps its own tool format; answers are `observation` turns); `r2e` renders them as R2E `<function=...>`
 * text in `gpt` turns (see r2e-actions.ts).
 */
export const actionFormats = ["native", "r2e"] as const;
export type ActionFormat = (typeof actionFormats)[number];

/** R2E observations arrive as user messages and stay `human` (the agent saw them as user turns). */
const roleMap: Record<ChatMessage["role"], ShareGptRole> = {
  system: "system",
  user: "human",
  assistant: "gpt",
  function_call: "function_call",
  tool: "observation",
  observation: "observation",
};

const promptSide = new Set<ShareGptRole>(["human", "observation"]);

export type ShareGptConversion =
  | { ok: true; system: ShareGptMessage | undefined; turns: ShareGptMessage[] }
  | { ok: false; reason: string };

type Turn = { from: ShareGptRole; value: string; call?: FunctionTurn };

/** Joins two texts with a blank line, leaving out empty ones. */
function joined(first: string, second: string): string {
  return first.trim() === "" ? second : second.trim() === "" ? first : `${first}\n\n${second}`;
}

/** Merges a model-side message into the previous model turn; text after a call (no observation between) cannot be. */
function mergeModelTurn(previous: Turn, next: Turn): string | undefined {
  if (previous.call === undefined && next.call === undefined) {
    previous.value = `${previous.value}\n\n${next.value}`;
    return undefined;
  }
  if (next.call === undefined) return "model text after a tool call with no observation between them";
  const earlier = previous.call ?? { thought: previous.value, calls: [] };
  previous.call = { thought: joined(earlier.thought, next.call.thought), calls: [...earlier.calls, ...next.call.calls] };
  previous.from = "function_call";
  return undefined;
}

export type ShareGptOptions = { actionFormat?: ActionFormat; source?: string | null };

/**
 * Maps roles, merges consecutive messages of the same side (joined by "\n\n"), and drops trailing prompt-side
 * messages so the conversation ends with the model's turn. Structured tool calls become `function_call` turns (or R2E
 * text with `actionFormat: "r2e"`); a turn that only calls a tool is therefore never empty. Fails on an empty value,
 * no model turn, or tool-call arguments that are not a JSON object.
 */
export function toShareGpt(messages: readonly ChatMessage[], options: ShareGptOptions = {}): ShareGptConversion {
  let source = messages;
  if (options.actionFormat === "r2e") {
    const rendered = renderR2eActions(messages, options.source ?? null);
    if (!rendered.ok) return rendered;
    source = rendered.messages;
  }
  let system: ShareGptMessage | undefined;
  const turns: Turn[] = [];
  for (const [index, message] of source.entries()) {
    const from = roleMap[message.role];
    if (from === "system") {
      if (index !== 0) return { ok: false, reason: "system message after the first position" };
      system = { from, value: message.content };
      continue;
    }
    const turn: Turn = { from, value: message.content };
    if ((message.tool_calls?.length ?? 0) > 0 && !promptSide.has(from)) {
      const call = functionTurn(message.content, message.tool_calls ?? []);
      if ("invalid" in call) return { ok: false, reason: `tool ${call.invalid}: arguments are not a JSON object` };
      Object.assign(turn, { from: "function_call", call });
    }
    const previous = turns.at(-1);
    const sameSide = previous !== undefined && promptSide.has(previous.from) === promptSide.has(turn.from);
    if (!sameSide) turns.push(turn);
    else if (promptSide.has(turn.from)) previous.value = `${previous.value}\n\n${turn.value}`;
    else {
      const failure = mergeModelTurn(previous, turn);
      if (failure !== undefined) return { ok: false, reason: failure };
    }
  }
  while (turns.length > 0 && promptSide.has(turns.at(-1)?.from ?? "human")) turns.pop();
  if (turns.length < 2 || !promptSide.has(turns[0]?.from ?? "gpt")) return { ok: false, reason: "no user turn followed by a model turn" };
  const rows = turns.map((turn): ShareGptMessage => ({ from: turn.from, value: turn.call === undefined ? turn.value : functionCallValue(turn.call) }));
  if (rows.some((turn) => turn.value.trim() === "") || system?.value.trim() === "") return { ok: false, reason: "empty message" };
  return { ok: true, system, turns: rows };
}

/** The full ShareGPT message list: the system message (when present) followed by the turns. */
export function withSystem(conversion: { system: ShareGptMessage | undefined; turns: ShareGptMessage[] }): ShareGptMessage[] {
  return conversion.system === undefined ? conversion.turns : [conversion.system, ...conversion.turns];
}
