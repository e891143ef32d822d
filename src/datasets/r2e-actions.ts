// `--action-format r2e`: renders other scaffolds' tool calls as R2E's `<function=...>` text, R2E tool for R2E tool.
import type { ChatMessage, ToolCall } from "../trajectories/record.js";
import { functionXml, toolArguments } from "../trajectories/tool-call-text.js";

/** An R2E call (tool name and parameters in order), or why a call has none. */
type R2eCall = { name: string; args: Record<string, unknown> } | { unmapped: string };

const bashTools = new Set(["execute_bash", "bash", "run", "shell", "terminal", "run_command", "execute_command"]);
const editorTools = new Set(["str_replace_editor", "str_replace_based_edit_tool", "file_editor", "text_editor"]);
const editorParams = ["command", "path", "file_text", "old_str", "new_str", "insert_line", "view_range", "concise"];
const finishTools = new Set(["finish", "submit"]);

/** Picks the listed keys that are present, in the listed order. */
function pick(args: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => args[key] !== undefined && args[key] !== null).map((key) => [key, args[key]]));
}

/** The R2E call of one native call: bash-like → execute_bash, editors → file_editor, search tools → search, finish/submit → finish. */
export function r2eCallOf(name: string, args: Record<string, unknown>): R2eCall {
  if (bashTools.has(name)) {
    const command = args.cmd ?? args.command;
    return typeof command === "string" ? { name: "execute_bash", args: { cmd: command } } : { unmapped: `${name} without a command` };
  }
  if (editorTools.has(name)) return { name: "file_editor", args: pick(args, editorParams) };
  if (name === "search" || name === "search_dir" || name === "search_file") {
    const path = args.path ?? args.dir ?? args.file;
    if (typeof args.search_term !== "string") return { unmapped: `${name} without a search_term` };
    return { name: "search", args: path === undefined || path === null ? { search_term: args.search_term } : { search_term: args.search_term, path } };
  }
  if (finishTools.has(name)) {
    const result = args.result ?? args.message;
    return { name: "finish", args: result === undefined ? { command: "submit" } : { command: "submit", result } };
  }
  return { unmapped: `tool ${name} has no R2E equivalent` };
}

/** mini-swe-agent's way to submit: the first command line echoes its completion marker. */
const miniSubmit = /^\s*echo\s+(COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT|MINI_SWE_AGENT_FINAL_OUTPUT)\b/;
const bashBlock = /```(?:bash|mswea_bash_command)[ \t]*\n([\s\S]*?)\n```/;

/** A bash command as an R2E call (mini-swe-agent's submit command becomes `finish`). */
function bashCall(command: string): { name: string; args: Record<string, unknown> } {
  return miniSubmit.test(command) ? { name: "finish", args: { command: "submit" } } : { name: "execute_bash", args: { cmd: command } };
}

/** R2E's assistant message: `{thought}\n\n{normalized call}` per call (R2E keeps one call per turn; all are kept here). */
function assistantText(thought: string, calls: readonly { name: string; args: Record<string, unknown> }[]): string {
  return `${thought.trim()}\n\n${calls.map((call) => functionXml(call.name, call.args)).join("\n")}`;
}

function mapCalls(calls: readonly ToolCall[]): { calls: { name: string; args: Record<string, unknown> }[] } | { unmapped: string } {
  const mapped: { name: string; args: Record<string, unknown> }[] = [];
  for (const call of calls) {
    const args = toolArguments(call);
    if (args === undefined) return { unmapped: `tool ${call.function.name} arguments are not a JSON object` };
    const r2e = call.function.name === "bash" && typeof args.command === "string" ? bashCall(args.command) : r2eCallOf(call.function.name, args);
    if ("unmapped" in r2e) return r2e;
    mapped.push(r2e);
  }
  return { calls: mapped };
}

export type R2eRendering = { ok: true; messages: ChatMessage[] } | { ok: false; reason: string };

/**
 * Rewrites a conversation in R2E's text format: every assistant turn with structured calls becomes thought + R2E
 * `<function=...>` blocks; mini-swe-agent's fenced bash blocks become execute_bash (its submit command `finish`); tool
 * results become user messages (R2E's observations were user turns). Other text turns are kept. A call with no R2E
 * tool, and SWE-agent text actions (its own command language), fail with the reason.
 */
export function renderR2eActions(messages: readonly ChatMessage[], source: string | null): R2eRendering {
  const structured = messages.some((message) => (message.tool_calls?.length ?? 0) > 0);
  if (source === "swe-agent" && !structured) return { ok: false, reason: "SWE-agent text actions have no R2E rendering (--action-format r2e)" };
  const rendered: ChatMessage[] = [];
  for (const message of messages) {
    if (message.role === "tool") {
      rendered.push({ role: "user", content: message.content });
      continue;
    }
    const calls = message.tool_calls ?? [];
    if (message.role === "assistant" && calls.length > 0) {
      const mapped = mapCalls(calls);
      if ("unmapped" in mapped) return { ok: false, reason: `${mapped.unmapped} (--action-format r2e)` };
      rendered.push({ role: "assistant", content: assistantText(message.content, mapped.calls) });
      continue;
    }
    const block = source === "mini-swe-agent" && message.role === "assistant" ? bashBlock.exec(message.content) : null;
    if (block !== null) {
      rendered.push({ role: "assistant", content: assistantText(message.content.slice(0, block.index), [bashCall((block[1] ?? "").trim())]) });
      continue;
    }
    rendered.push({ role: message.role, content: message.content });
  }
  return { ok: true, messages: rendered };
}
