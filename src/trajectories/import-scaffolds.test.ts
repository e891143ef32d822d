import { readdirSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { collectAll } from "../testing/collect.js";
import { readTrajectories, type TrajectoryItem } from "./read-trajectories.js";
import type { TrajectoryRecord } from "./record.js";

const fixtures = join(projectRoot(), "src", "trajectories", "testing", "fixtures");
const golden = join(projectRoot(), "src", "trajectories", "testing", "golden");
const collect = (inputs: string[], options: Parameters<typeof readTrajectories>[1] = {}): Promise<TrajectoryItem[]> => collectAll(readTrajectories(inputs, options));
const records = async (name: string, options: Parameters<typeof readTrajectories>[1] = {}): Promise<TrajectoryRecord[]> =>
  (await collect([join(fixtures, name)], options)).map((item) => item.record);

/** Every structured call of a record's messages, as "name(arguments)". */
function calls(record: TrajectoryRecord): string[] {
  return record.messages.flatMap((message) => (message.tool_calls ?? []).map((call) => `${call.function.name}(${call.function.arguments})`));
}

describe("golden canonical records of each scaffold's output", () => {
  for (const name of readdirSync(fixtures).sort()) {
    it(`${name} imports to its golden records`, async () => {
      const expected = JSON.parse(await readFile(join(golden, `${name}.golden.json`), "utf8")) as unknown;
      expect(JSON.parse(JSON.stringify(await records(name)))).toEqual(expected);
    });
  }
});

describe("every action survives the import", () => {
  it("OpenAI tool_calls rows (SWE-smith tool style): calls, tool answers, outcome columns", async () => {
    const [resolved, failed] = await records("swe-smith-tool-rows.jsonl");
    expect(calls(resolved as TrajectoryRecord)).toEqual([
      'str_replace_editor({"command": "view", "path": "/testbed/textkit/slug.py"})',
      'str_replace_editor({"command": "str_replace", "path": "/testbed/textkit/slug.py", "old_str": "    return text.lstrip(\\"-\\")", "new_str": "    return text.strip(\\"-\\")"})',
      "submit({})",
    ]);
    // SWE-agent's tool_call_ids list names the call each tool message answers; content parts are joined text.
    expect(resolved?.messages.filter((message) => message.role === "tool").map((message) => message.tool_call_id)).toEqual(["call_view1", "call_edit1"]);
    expect(resolved?.messages[1]?.content.startsWith("<uploaded_files>")).toBe(true);
    // The turn that only calls a tool (empty content) is a step with its action, not an empty message.
    expect(resolved?.trajectory_steps[1]).toMatchObject({ thought: "", action: expect.stringContaining("<parameter=command>str_replace</parameter>") as unknown });
    expect([resolved?.reward, failed?.reward, resolved?.finished, resolved?.exit_reason]).toEqual([1, 0, true, "agent"]);
    expect(resolved?.output_patch.startsWith("diff --git a/textkit/slug.py")).toBe(true);
  });

  it("OpenAI rows with a tools column, null content and parallel calls; `trajectory` as the message list", async () => {
    const [row, trajectoryKey] = await records("openai-tool-rows.jsonl");
    expect(row?.messages[2]?.tool_calls?.map((call) => call.function.name)).toEqual(["execute_bash", "str_replace_editor"]);
    // Parallel results of one turn are that step's observation.
    expect(row?.trajectory_steps[0]?.observation).toContain("[The command completed with exit code 0.]\n\nHere's the result of running `cat -n`");
    expect(JSON.parse(row?.tools ?? "[]")).toHaveLength(4);
    expect(trajectoryKey?.messages).toHaveLength(7);
    expect([trajectoryKey?.exit_reason, trajectoryKey?.finished, trajectoryKey?.reward]).toEqual(["export:max_iterations", false, 0]);
  });

  it("SWE-agent 1.x function calling: tool_calls and tool messages kept, replay_config gives id, model and image", async () => {
    const [record] = await records("statskit__statskit-42.traj");
    expect(calls(record as TrajectoryRecord).map((call) => call.split("(")[0])).toEqual(["find_file", "open", "edit", "submit"]);
    expect(record?.messages.filter((message) => message.role === "tool")).toHaveLength(4);
    expect(record?.trajectory_steps.map((step) => step.action.split(" ")[0])).toEqual(["find_file", "open", "edit", "submit"]);
    expect([record?.instance_id, record?.model, record?.docker_image]).toEqual(["statskit__statskit-42", "gpt-4o-2024-08-06", "swebench/sweb.eval.x86_64.statskit_1776_statskit-42:latest"]);
  });

  it("mini-swe-agent .traj.json: exit status, submission and bash actions (text and tool-call models)", async () => {
    const [v1] = await records("statskit__statskit-42.v1.traj.json");
    expect([v1?.exit_reason, v1?.finished, v1?.source]).toEqual(["agent", true, "mini-swe-agent"]);
    expect(v1?.output_patch.startsWith("diff --git a/statskit/core.py")).toBe(true);
    expect(v1?.trajectory_steps.map((step) => step.action.split(" ")[0])).toEqual(["grep", "sed", "echo"]);
    const [v2] = await records("statskit__statskit-42.v2.traj.json");
    expect([v2?.exit_reason, v2?.finished, v2?.output_patch]).toEqual(["mini-swe-agent:LimitsExceeded", false, ""]);
    // The `exit` message is outcome data, not a chat turn.
    expect(v2?.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "tool"]);
    expect(v2?.trajectory_steps.map((step) => step.action)).toEqual(["cat statskit/core.py", "python -m pytest -q tests/test_core.py"]);
  });

  it("OpenHands events: one turn per model response, tool answers, system tools, finish; eval rows give patch and errors", async () => {
    const [events] = await records("openhands-trajectory.json");
    expect(calls(events as TrajectoryRecord).map((call) => call.split("(")[0])).toEqual(["execute_bash", "str_replace_editor", "finish"]);
    expect(events?.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "tool", "assistant"]);
    expect(JSON.parse(events?.tools ?? "[]")).toHaveLength(3);
    expect([events?.exit_reason, events?.finished]).toEqual(["agent", true]);
    const [done, stuck] = await records("openhands-output.jsonl");
    expect(done?.output_patch.startsWith("diff --git a/statskit/core.py")).toBe(true);
    expect([stuck?.exit_reason, stuck?.finished, stuck?.output_patch]).toEqual(["max_step_limit", false, ""]);
  });
});

describe("detection and bad input", () => {
  async function temp(name: string, text: string): Promise<string> {
    const file = join(await mkdtemp(join(tmpdir(), "entropo-scaffold-")), name);
    await writeFile(file, text);
    return file;
  }

  it("an unrecognized shape names FILE:LINE, the keys looked for and the keys found", async () => {
    const file = await temp("odd.jsonl", `${JSON.stringify({ prompt: "x", completion: "y" })}\n`);
    const error = (await collect([file]).then(() => new Error("no error"), (caught: unknown) => caught)) as Error;
    expect(error.message).toContain(`${file}:1: field (root): unrecognized record: looked for trajectory_format mini-swe-agent-*`);
    expect(error.message).toContain("history + info (SWE-agent .traj)");
    expect(error.message).toContain("messages/history/trajectory message lists");
    expect(error.message).toContain("found keys prompt, completion");
  });

  it("bad fields inside scaffold files name the field path", async () => {
    const badCall = await temp("rows.jsonl", JSON.stringify({ messages: [{ role: "user", content: "x" }, { role: "assistant", content: null, tool_calls: [{ id: "a", function: { arguments: "{}" } }] }] }));
    await expect(collect([badCall])).rejects.toThrow(`${badCall}:1: field messages.1.tool_calls.0.function.name`);
    const mini = JSON.parse(await readFile(join(fixtures, "statskit__statskit-42.v1.traj.json"), "utf8")) as { messages: unknown[] };
    mini.messages[3] = { role: "robot", content: "?" };
    const badMini = await temp("bad.traj.json", JSON.stringify(mini));
    await expect(collect([badMini])).rejects.toThrow(`${badMini}:1: field messages.3.role: unknown role "robot"`);
    const events = JSON.parse(await readFile(join(fixtures, "openhands-trajectory.json"), "utf8")) as Record<string, unknown>[];
    (events[4] as { args: unknown }).args = "not an object";
    const badEvents = await temp("events.json", JSON.stringify(events));
    await expect(collect([badEvents])).rejects.toThrow(`${badEvents}:1: field 4.args`);
  });

  it("--format forces an importer (and fails on the wrong one with the field it needed)", async () => {
    const forced = await records("openai-tool-rows.jsonl", { format: "messages" });
    expect(forced).toHaveLength(2);
    await expect(records("openai-tool-rows.jsonl", { format: "mini-swe-agent" })).rejects.toThrow("field trajectory_format");
  });
});
