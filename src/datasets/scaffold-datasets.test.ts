import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { projectRoot } from "../util/paths.js";
import { buildDataset, type BuildDatasetOptions, type BuildDatasetSummary } from "./build-dataset.js";
import { resultOf } from "../testing/result-of.js";

const fixtures = join(projectRoot(), "src", "trajectories", "testing", "fixtures");
const fixture = (name: string): string => join(fixtures, name);

type Message = { from: string; value: string };
type Row = { conversations: Message[]; tools?: string; kto_tag?: boolean; chosen?: Message[]; rejected?: Message[] };

async function build(options: Omit<BuildDatasetOptions, "outDir" | "name">): Promise<{ summary: BuildDatasetSummary; rows: Row[]; info: Record<string, { columns: Record<string, string> }>; logs: string[] }> {
  const outDir = await mkdtemp(join(tmpdir(), "entropo-scaffold-data-"));
  const events: PipelineEvent[] = [];
  for await (const event of buildDataset({ ...options, outDir, name: "d" })) events.push(event);
  const summary = resultOf(events, "data");
  const rows = JSON.parse(await readFile(summary.file as string, "utf8")) as Row[];
  const info = JSON.parse(await readFile(join(outDir, "dataset_info.json"), "utf8")) as Record<string, { columns: Record<string, string> }>;
  const logs = events.flatMap((event) => (event.type === "log" ? [event.message] : []));
  return { summary, rows, info, logs };
}

/** LLaMA-Factory's sharegpt alternation, written independently: prompt roles at even, model roles at odd positions. */
function alternates(messages: Message[]): boolean {
  return messages.every((message, index) => (index % 2 === 0 ? ["human", "observation"] : ["gpt", "function_call"]).includes(message.from));
}

/** The calls of a function_call value as LLaMA-Factory's FunctionFormatter reads them (tool_call words, else JSON). */
function parsedCalls(value: string): { thought: string; calls: { name: string; arguments: Record<string, unknown> }[] } {
  const match = /<tool_call>([\s\S]*?)<\/tool_call>/.exec(value);
  const json = match === null ? value : (match[1] as string);
  const parsed = JSON.parse(json) as { name: string; arguments: Record<string, unknown> } | { name: string; arguments: Record<string, unknown> }[];
  return { thought: match === null ? "" : value.replace(match[0], ""), calls: Array.isArray(parsed) ? parsed : [parsed] };
}

describe("native tool format: LLaMA-Factory function_call and observation turns", () => {
  it("sft keeps every call of OpenAI tool_calls rows; a turn that only calls a tool is not dropped as empty", async () => {
    const { rows, summary, info } = await build({ kind: "sft", inputs: [fixture("swe-smith-tool-rows.jsonl")], includeFailed: true });
    expect(summary.dropped).toEqual({});
    expect(rows).toHaveLength(2);
    const turns = (rows[0] as Row).conversations.slice(1);
    expect(turns.map((turn) => turn.from)).toEqual(["human", "function_call", "observation", "function_call", "observation", "function_call"]);
    expect(alternates(turns)).toBe(true);
    expect(turns.filter((turn) => turn.from === "function_call").map((turn) => parsedCalls(turn.value))).toEqual([
      { thought: "Let me look at the slug module first.\n", calls: [{ name: "str_replace_editor", arguments: { command: "view", path: "/testbed/textkit/slug.py" } }] },
      { thought: "", calls: [{ name: "str_replace_editor", arguments: { command: "str_replace", path: "/testbed/textkit/slug.py", old_str: '    return text.lstrip("-")', new_str: '    return text.strip("-")' } }] },
      { thought: "The change is in place; submitting.\n", calls: [{ name: "submit", arguments: {} }] },
    ]);
    expect(info.d?.columns).toEqual({ messages: "conversations" });
  });

  it("parallel calls are one function_call list, their results one observation; the tools column is written and mapped", async () => {
    const { rows, info } = await build({ kind: "sft", inputs: [fixture("openai-tool-rows.jsonl")] });
    expect(rows).toHaveLength(1);
    const turns = (rows[0] as Row).conversations;
    expect(parsedCalls(turns[2]?.value ?? "").calls.map((call) => call.name)).toEqual(["execute_bash", "str_replace_editor"]);
    expect(turns[3]).toMatchObject({ from: "observation" });
    expect(turns[3]?.value).toContain("exit code 0.]\n\nHere's the result");
    expect(JSON.parse((rows[0] as Row).tools ?? "[]")).toHaveLength(4);
    expect(info.d?.columns).toEqual({ messages: "conversations", tools: "tools" });
  });

  it("SWE-agent 1.x function-calling actions reach the rows", async () => {
    const { rows } = await build({ kind: "sft", inputs: [fixture("statskit__statskit-42.traj")], includeFailed: true });
    const names = (rows[0] as Row).conversations.filter((turn) => turn.from === "function_call").flatMap((turn) => parsedCalls(turn.value).calls.map((call) => call.name));
    expect(names).toEqual(["find_file", "open", "edit", "submit"]);
  });

  it("dpo and kto rows carry the tools column; dpo pairs share system, task and tools", async () => {
    const dpo = await build({ kind: "dpo", inputs: [fixture("openai-tool-rows.jsonl"), fixture("swe-smith-tool-rows.jsonl")] });
    expect(dpo.rows).toHaveLength(2);
    expect(dpo.rows.map((row) => (row.tools === undefined ? null : JSON.parse(row.tools).length))).toEqual([4, null]);
    for (const row of dpo.rows) {
      expect(alternates([...row.conversations.slice(1), ...(row.chosen ?? [])])).toBe(true);
      expect(alternates([...row.conversations.slice(1), ...(row.rejected ?? [])])).toBe(true);
    }
    expect(dpo.info.d?.columns).toEqual({ messages: "conversations", chosen: "chosen", rejected: "rejected", tools: "tools" });
    const kto = await build({ kind: "kto", inputs: [fixture("openai-tool-rows.jsonl")] });
    expect(kto.rows.map((row) => row.kto_tag)).toEqual([true, false]);
    expect(kto.rows.every((row) => row.tools !== undefined)).toBe(true);
    expect(kto.info.d?.columns).toEqual({ messages: "conversations", kto_tag: "kto_tag", tools: "tools" });
  });
});

describe("--action-format r2e: other scaffolds' calls as R2E <function=...> text", () => {
  it("maps bash/editor/finish tools onto R2E's tools and observations onto user turns; no tools column", async () => {
    const { rows, info } = await build({ kind: "sft", inputs: [fixture("openai-tool-rows.jsonl")], actionFormat: "r2e" });
    const turns = (rows[0] as Row).conversations;
    expect(turns.slice(1).map((turn) => turn.from)).toEqual(["human", "gpt", "human", "gpt", "human", "gpt"]);
    // R2E writes `${thought}\n\n${action}` even when the thought is empty.
    expect(turns[2]?.value).toBe(
      "\n\n<function=execute_bash>\n  <parameter=cmd>grep -n \"def wrap\" -r /workspace/textkit__textkit__0.3</parameter>\n</function>\n" +
        "<function=file_editor>\n  <parameter=command>view</parameter>\n  <parameter=path>/workspace/textkit__textkit__0.3/textkit/wrap.py</parameter>\n  <parameter=view_range>[1, 12]</parameter>\n</function>",
    );
    expect(turns[6]?.value).toBe("\n\n<function=finish>\n  <parameter=command>submit</parameter>\n  <parameter=result>wrap() now rejects non-positive widths.</parameter>\n</function>");
    expect((rows[0] as Row).tools).toBeUndefined();
    expect(info.d?.columns).toEqual({ messages: "conversations" });
  });

  it("renders mini-swe-agent bash actions (text and tool-call models) and its submit command as finish", async () => {
    const { rows } = await build({ kind: "sft", inputs: [fixture("statskit__statskit-42.v1.traj.json"), fixture("statskit__statskit-42.v2.traj.json")], includeFailed: true, actionFormat: "r2e" });
    const model = (rows[0] as Row).conversations.filter((turn) => turn.from === "gpt").map((turn) => turn.value);
    expect(model[0]).toBe("THOUGHT: Let me find the median implementation.\n\n<function=execute_bash>\n  <parameter=cmd>grep -rn \"def median\" statskit</parameter>\n</function>");
    expect(model[2]).toBe("THOUGHT: The fix works. Submitting.\n\n<function=finish>\n  <parameter=command>submit</parameter>\n</function>");
    const toolModel = (rows[1] as Row).conversations.filter((turn) => turn.from === "gpt").map((turn) => turn.value);
    expect(toolModel).toEqual([
      "\n\n<function=execute_bash>\n  <parameter=cmd>cat statskit/core.py</parameter>\n</function>",
      "Now run the tests.\n\n<function=execute_bash>\n  <parameter=cmd>python -m pytest -q tests/test_core.py</parameter>\n</function>",
    ]);
  });

  it("drops, with the reason, trajectories whose calls have no R2E tool (and SWE-agent text actions)", async () => {
    const { summary } = await build({ kind: "sft", inputs: [fixture("statskit__statskit-42.traj"), fixture("openhands-trajectory.json")], includeFailed: true, actionFormat: "r2e" });
    expect(summary.dropped).toEqual({ "tool find_file has no R2E equivalent (--action-format r2e)": 1 });
    expect(summary.rows).toBe(1);
  });
});

describe("outcomes of imported scaffolds in the builders", () => {
  it("mini-swe-agent: the verifier row of a resolved trajectory shows its submission in [PATCH]", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entropo-mini-"));
    await writeFile(join(dir, "rewards.json"), JSON.stringify({ "statskit__statskit-42.v1.traj": 1 }));
    const { rows } = await build({ kind: "verifier", inputs: [fixture("statskit__statskit-42.v1.traj.json")], rewards: join(dir, "rewards.json") });
    const user = (rows[0] as Row).conversations[1]?.value ?? "";
    expect(user).toContain("[PATCH]\ndiff --git a/statskit/core.py b/statskit/core.py");
    expect((rows[0] as Row).conversations[2]?.value).toBe("<judgement>YES</judgement>");
  });

  it("the verifier never labels an empty patch YES", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entropo-mini-"));
    await writeFile(join(dir, "rewards.json"), JSON.stringify({ "statskit__statskit-42.v2.traj": 1 }));
    const outDir = await mkdtemp(join(tmpdir(), "entropo-verifier-"));
    const events: PipelineEvent[] = [];
    for await (const event of buildDataset({ kind: "verifier", inputs: [fixture("statskit__statskit-42.v2.traj.json")], rewards: join(dir, "rewards.json"), outDir, name: "v" })) events.push(event);
    const summary = resultOf(events, "data");
    expect(summary.dropped).toEqual({ "resolved but no output patch": 1 });
  });
});
