// LLaMA-Factory `function_call` turns: a model turn's thought and structured calls as the text its converter parses.
import type { ToolCall } from "../trajectories/record.js";
import { toolArguments } from "../trajectories/tool-call-text.js";

/** A model turn that calls tools: its thought (text before the calls) and the calls, decoded. */
export type FunctionTurn = { thought: string; calls: { name: string; arguments: Record<string, unknown> }[] };

/** Decodes a turn's calls; undefined (with the tool's name) when one's arguments are not a JSON object. */
export function functionTurn(thought: string, calls: readonly ToolCall[]): FunctionTurn | { invalid: string } {
  const decoded: FunctionTurn["calls"] = [];
  for (const call of calls) {
    const args = toolArguments(call);
    if (args === undefined) return { invalid: call.function.name };
    decoded.push({ name: call.function.name, arguments: args });
  }
  return { thought, calls: decoded };
}

/**
 * The `function_call` value LLaMA-Factory 0.9.5 parses (`FunctionFormatter.apply`): without a thought, the JSON of the
 * call (`{"name", "arguments"}`, or a list for parallel calls); with one, `thought\n<tool_call>\nJSON\n</tool_call>`:
 * the converter keeps the text outside the template's tool_call words (`<tool_call>`/`</tool_call>` by default) before
 * the formatted calls, so Qwen templates render `thought\n<tool_call>\n{...}\n</tool_call>` as Qwen's own chat template.
 */
export function functionCallValue(turn: FunctionTurn): string {
  const payload = JSON.stringify(turn.calls.length === 1 ? turn.calls[0] : turn.calls);
  const thought = turn.thought.trim();
  return thought === "" ? payload : `${thought}\n<tool_call>\n${payload}\n</tool_call>`;
}
