// The importer's fast paths against the zod schemas they skip: same records (key order included), same errors.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { projectRoot, sharedDataDir } from "../util/paths.js";
import { collectAll } from "../testing/collect.js";
import { importMessageRow } from "./import-message-rows.js";
import { importedRecord } from "./imported-record.js";
import { isPlainMessage, rawMessageSchema, toChatMessage } from "./message-content.js";
import { readTrajectories } from "./read-trajectories.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "./record.js";

const fixtures = join(projectRoot(), "src", "trajectories", "testing", "fixtures");
const r2eDir = join(sharedDataDir(), "r2e-trajectories");
const location = { file: "rows.jsonl", line: 7 };

/** Message rows in the authors' schema (role/content strings) with every column the importer reads. */
function plainRows(): unknown[] {
  const messages = [
    { role: "system", content: "You are a programming agent." },
    { role: "user", content: "Fix the bug •\n\t\"quoted\" \\ path" },
    { role: "assistant", content: "Looking.\n<function=execute_bash>\n<parameter=cmd>ls</parameter>\n</function>", extra: 1 },
    { role: "user", content: "Execution output:\nREADME\nSteps Remaining: 3" },
    { role: "assistant", content: "Done.\n<function=finish>\n<parameter=command>submit</parameter>\n</function>", name: null },
  ];
  return [
    { messages, instance_id: "a__b-1", exit_reasons: "agent", reward: 1, source: "r2e", tools: "[]", system: "sys" },
    { messages, instance_id: null, reward: true, model_name: "m", rollout_index: 3, problem_statement: "p", patch: "diff" },
    { history: messages.map(({ role, content }) => ({ from: role === "assistant" ? "gpt" : role === "user" ? "human" : role, value: content })), exit_reason: "max_step_limit", resolved: 0 },
    { messages: JSON.stringify(messages), exit_status: "submitted", source: "swe-agent" },
  ];
}

describe("importedRecord", () => {
  it("has the schema's keys in the schema's order", () => {
    const record = importMessageRow(plainRows()[0], location, "fallback");
    expect(Object.keys(record)).toEqual(Object.keys(trajectoryRecordSchema.shape));
  });

  it("equals the schema's parse of the imported fields, key order included", async () => {
    const records: TrajectoryRecord[] = plainRows().map((row) => importMessageRow(row, location, "fallback"));
    for (const name of ["openai-tool-rows.jsonl", "swe-smith-tool-rows.jsonl"]) {
      records.push(...(await collectAll(readTrajectories([join(fixtures, name)]))).map((item) => item.record));
    }
    if (existsSync(r2eDir)) {
      for (const { record } of await collectAll(readTrajectories([r2eDir]))) {
        records.push(importMessageRow({ messages: record.messages, instance_id: record.instance_id, reward: record.reward, exit_reasons: record.exit_reason }, location, "x"));
      }
    } else console.log(`imported-record: ${r2eDir} is absent, real R2E messages not checked`);
    expect(records.length).toBeGreaterThan(5);
    for (const record of records) expect(JSON.stringify(record)).toBe(JSON.stringify(trajectoryRecordSchema.parse(record)));
    const sample = records[0] as TrajectoryRecord;
    expect(JSON.stringify(importedRecord(sample))).toBe(JSON.stringify(trajectoryRecordSchema.parse(sample)));
  });
});

describe("isPlainMessage", () => {
  const accepted = [
    { role: "user", content: "x" },
    { role: "assistant", content: null, name: null, tool_call_id: null },
    { from: "gpt", value: "y", extra: [1] },
    { role: "tool", content: "out", tool_call_id: "c1", name: "bash", tool_calls: [], tool_call_ids: [] },
    {},
  ];
  const rejected = [
    null,
    "text",
    [{ role: "user" }],
    { role: null, content: "x" },
    { role: 3, content: "x" },
    { role: "user", content: 5 },
    { role: "user", content: [{ type: "text", text: "parts" }] },
    { role: "assistant", content: "", tool_calls: [{ id: "c", function: { name: "f", arguments: "{}" } }] },
    { role: "assistant", content: "", function_call: { name: "f", arguments: "{}" } },
    { role: "tool", content: "x", tool_call_ids: ["c"] },
    { role: "user", content: "x", name: 1 },
    { role: "user", from: null, content: "x" },
  ];

  it("accepts only messages the schema accepts, converting them to the same canonical message", () => {
    for (const message of accepted) {
      expect(isPlainMessage(message)).toBe(true);
      const parsed = rawMessageSchema.parse(message);
      const viaSchema = (): unknown => toChatMessage(parsed, location, "messages.0.role");
      const direct = (): unknown => toChatMessage(message as typeof parsed, location, "messages.0.role");
      // `{}` has no role: both paths give the same InputError.
      if (message.role === undefined && message.from === undefined) {
        expect(direct).toThrow(InputError);
        expect(direct).toThrow(/field messages.0.role/);
      } else expect(JSON.stringify(direct())).toBe(JSON.stringify(viaSchema()));
    }
  });

  it("leaves everything else to the schema (which also words the errors)", () => {
    for (const message of rejected) expect(isPlainMessage(message)).toBe(false);
    // A row with a bad message still fails at FILE:LINE and the message's field.
    const row = { messages: [{ role: "user", content: "x" }, { role: "assistant", content: 5 }] };
    expect(() => importMessageRow(row, location, "f")).toThrow("rows.jsonl:7: field messages.1.content: ");
  });
});
