// Renders a ShareGPT conversation as text with a LLaMA-Factory chat template (for token counting only).
import { badOptionValue } from "../core/errors.js";
import { pythonJson } from "../trajectories/tool-call-text.js";
import type { ShareGptMessage } from "./sharegpt.js";

type TemplateSlots = { system: string; human: string; gpt: string; observation: string; functionCall: string };

/** Slots copied from LLaMA-Factory 0.9.5 `data/template.py` (`{{content}}` is the message text). */
const templates: Record<string, TemplateSlots> = {
  qwen3_nothink: {
    system: "<|im_start|>system\n{{content}}<|im_end|>\n",
    human: "<|im_start|>user\n{{content}}<|im_end|>\n<|im_start|>assistant\n",
    gpt: "{{content}}<|im_end|>\n",
    observation: "<|im_start|>user\n<tool_response>\n{{content}}\n</tool_response><|im_end|>\n<|im_start|>assistant\n",
    functionCall: "{{content}}<|im_end|>\n",
  },
};
templates.qwen = templates.qwen3_nothink as TemplateSlots;
templates.qwen3 = templates.qwen3_nothink as TemplateSlots;

const supportedTemplates = Object.keys(templates);

/** Checks a --template value. */
export function assertTemplate(name: string): void {
  if (!(name in templates)) throw badOptionValue("--template", supportedTemplates.join("|"), name);
}

/**
 * A `function_call` value as Qwen's tool format writes it (LLaMA-Factory `QwenToolUtils.function_formatter`): the
 * thought, then one `<tool_call>\n{"name": ..., "arguments": ...}\n</tool_call>` per call; the value itself when it
 * does not parse.
 */
function renderFunctionCall(value: string): string {
  const match = /<tool_call>([\s\S]*?)<\/tool_call>/.exec(value);
  try {
    const parsed: unknown = JSON.parse(match === null ? value : (match[1] as string));
    const calls = (Array.isArray(parsed) ? parsed : [parsed]) as { name?: unknown; arguments?: unknown }[];
    const thought = match === null ? "" : value.replace(match[0], "");
    return thought + calls.map((call) => `<tool_call>\n${pythonJson({ name: call.name, arguments: call.arguments })}\n</tool_call>`).join("\n");
  } catch {
    return value;
  }
}

/** The rendered text of a conversation (system first; tools, when given, appended to the system text). */
export function renderConversation(messages: readonly ShareGptMessage[], template: string, tools?: string | null): string {
  assertTemplate(template);
  const slots = templates[template] as TemplateSlots;
  let text = "";
  let hasSystem = false;
  for (const message of messages) {
    const slot =
      message.from === "system" ? slots.system
      : message.from === "human" ? slots.human
      : message.from === "observation" ? slots.observation
      : message.from === "function_call" ? slots.functionCall
      : slots.gpt;
    let content = message.from === "function_call" ? renderFunctionCall(message.value) : message.value;
    if (message.from === "system") {
      hasSystem = true;
      if (tools) content = `${content}\n\n${tools}`;
    }
    text += slot.replace("{{content}}", () => content);
  }
  if (!hasSystem && tools) text = slots.system.replace("{{content}}", () => tools) + text;
  return text;
}
