// Derives R2E-style steps (thought, action, observation) from a plain chat message list.
import { stripStepsNote } from "./r2e-messages.js";
import type { ChatMessage, TrajectoryStep } from "./record.js";
import { isFinishToolCall, toolCallsAction } from "./tool-call-text.js";

/** Splits an assistant message into R2E's thought (text before the first `<function=`) and action (the call). */
export function splitThoughtAction(content: string): { thought: string; action: string } {
  const start = content.indexOf("<function=");
  if (start < 0) return { thought: content.trim(), action: "" };
  const end = content.indexOf("</function>", start);
  const action = end < 0 ? "" : content.slice(start, end + "</function>".length);
  return { thought: content.slice(0, start).trim(), action };
}

/** The prompt-side messages that answer the model turn at `index` (tool results, user observations), up to the next turn. */
export function answersOf(messages: readonly ChatMessage[], index: number): ChatMessage[] {
  const answers: ChatMessage[] = [];
  for (let next = index + 1; next < messages.length; next += 1) {
    const message = messages[next] as ChatMessage;
    if (message.role === "assistant" || message.role === "function_call" || message.role === "system") break;
    answers.push(message);
  }
  return answers;
}

/**
 * One step per model turn (assistant or function_call message): thought = its text, action = its structured calls
 * rendered as R2E XML under their own names (else the first `<function=...>` block of the text), observation = the
 * messages that answer it (parallel tool results joined by a blank line) without R2E's step note.
 */
export function stepsFromMessages(messages: readonly ChatMessage[]): TrajectoryStep[] {
  const steps: TrajectoryStep[] = [];
  messages.forEach((message, index) => {
    if (message.role !== "assistant" && message.role !== "function_call") return;
    const observation = answersOf(messages, index).map((answer) => stripStepsNote(answer.content)).join("\n\n");
    const calls = message.tool_calls ?? [];
    const { thought, action } = calls.length > 0 ? { thought: message.content.trim(), action: toolCallsAction(calls) } : splitThoughtAction(message.content);
    steps.push({
      step_idx: steps.length,
      thought,
      action,
      observation,
      done: calls.some(isFinishToolCall) || /<function=\s*(finish|submit)/.test(action),
      info: {},
      token_usage_prompt: -1,
      token_usage_completion: -1,
      token_usage_total: -1,
      llm_exec_time: 0,
      env_exec_time: 0,
      total_step_time: 0,
      total_time_traj: 0,
      step_count: steps.length + 1,
    });
  });
  return steps;
}

/**
 * EntroPO's finished_score: the last assistant message calls `finish` (R2E's `submit` via finish also counts); for
 * function-calling scaffolds, its last structured call is a finish/submit tool.
 */
export function endsWithFinish(messages: readonly ChatMessage[]): boolean {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message === undefined || (message.role !== "assistant" && message.role !== "function_call")) continue;
    const lastCall = message.tool_calls?.at(-1);
    return lastCall !== undefined ? isFinishToolCall(lastCall) : message.content.includes("<function=finish>");
  }
  return false;
}
