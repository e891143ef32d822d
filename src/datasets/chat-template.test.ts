import { describe, expect, it } from "vitest";
import { renderConversation } from "./chat-template.js";
import { functionCallValue } from "./tool-turns.js";

describe("renderConversation (token counting) of function_call turns", () => {
  it("renders calls as LLaMA-Factory's Qwen tool format does: thought, then one <tool_call> block per call", () => {
    const value = functionCallValue({
      thought: "Look first.",
      calls: [
        { name: "execute_bash", arguments: { command: "ls -a" } },
        { name: "str_replace_editor", arguments: { command: "view", path: "/a.py", view_range: [1, 2] } },
      ],
    });
    expect(value).toBe('Look first.\n<tool_call>\n[{"name":"execute_bash","arguments":{"command":"ls -a"}},{"name":"str_replace_editor","arguments":{"command":"view","path":"/a.py","view_range":[1,2]}}]\n</tool_call>');
    // The same text python/tests/test_llamafactory_accepts_imported.py reads back from LLaMA-Factory's encoding.
    expect(renderConversation([{ from: "human", value: "q" }, { from: "function_call", value }], "qwen3_nothink")).toBe(
      "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n" +
        'Look first.\n<tool_call>\n{"name": "execute_bash", "arguments": {"command": "ls -a"}}\n</tool_call>\n' +
        '<tool_call>\n{"name": "str_replace_editor", "arguments": {"command": "view", "path": "/a.py", "view_range": [1, 2]}}\n</tool_call><|im_end|>\n',
    );
    expect(functionCallValue({ thought: " ", calls: [{ name: "submit", arguments: {} }] })).toBe('{"name":"submit","arguments":{}}');
  });
});
