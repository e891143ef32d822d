import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { formatInstancePrompt, rebuildR2eMessages, stepsRemainingExhausted, stripStepsNote, taskInstruction } from "./r2e-messages.js";
import { splitThoughtAction, stepsFromMessages } from "./message-steps.js";
import { trajectoryRecordSchema } from "./record.js";

const sample = trajectoryRecordSchema.parse(JSON.parse(readFileSync(join(projectRoot(), "data/samples/trajectories.jsonl"), "utf8").split("\n")[0] as string));

describe("R2E message rebuild", () => {
  it("formats the instance prompt like Python str.format and extracts [ISSUE] text", () => {
    expect(formatInstancePrompt("a {{x}} <{problem_statement}> $&", "P$1")).toBe("a {x} <P$1> $&");
    expect(taskInstruction("head [ISSUE]\nbody\n[/ISSUE] tail")).toBe("\nbody\n");
    expect(taskInstruction("plain")).toBe("plain");
  });

  it("rebuilds system, instance prompt with step notes, thought+action and observations", () => {
    const steps = sample.trajectory_steps;
    const messages = rebuildR2eMessages({ systemPrompt: "SYS", instancePrompt: "Issue: {problem_statement}", problemStatement: "bug", steps, maxSteps: 3 });
    expect(messages).toHaveLength(2 + 2 * steps.length);
    expect(messages[0]).toEqual({ role: "system", content: "SYS" });
    expect(messages[1]).toEqual({ role: "user", content: "Issue: bug\nSteps Remaining: 3" });
    expect(messages[2]?.content).toBe(`${steps[0]?.thought}\n\n${steps[0]?.action}`);
    expect(messages[3]?.content).toBe(`${steps[0]?.observation}\nSteps Remaining: 2`);
    expect(messages[5]?.content).toBe(`${steps[1]?.observation}\nSteps Remaining: 1`);
    // After step 3 of max 3, none remain: R2E's "submit NOW" note; the final observation has no note.
    expect(messages[7]?.content).toBe(`${steps[2]?.observation}${stepsRemainingExhausted}`);
    expect(messages.at(-1)?.content).toBe(steps.at(-1)?.observation);
  });

  it("omits step notes when the record has no max_steps", () => {
    const messages = rebuildR2eMessages({ systemPrompt: "S", instancePrompt: "{problem_statement}", problemStatement: "x", steps: sample.trajectory_steps, maxSteps: 0 });
    expect(messages[1]?.content).toBe("x");
    expect(messages[3]?.content).toBe(sample.trajectory_steps[0]?.observation);
  });

  it("derives steps back from messages (round trip of thought, action and observation)", () => {
    const messages = rebuildR2eMessages({ systemPrompt: "S", instancePrompt: "{problem_statement}", problemStatement: "x", steps: sample.trajectory_steps, maxSteps: 10 });
    const steps = stepsFromMessages(messages);
    expect(steps.map((step) => [step.thought, step.action, step.observation])).toEqual(
      sample.trajectory_steps.map((step) => [step.thought, step.action, step.observation]),
    );
    expect(steps.at(-1)?.done).toBe(true);
    expect(stripStepsNote("obs\nSteps Remaining: 4")).toBe("obs");
    expect(splitThoughtAction("no call here")).toEqual({ thought: "no call here", action: "" });
  });
});
