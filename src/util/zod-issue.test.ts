// Every zod issue becomes "expects E, received V" (or "missing"), whether the schema words E or zod's default does.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseWithSchema } from "./jsonl.js";

/** The message parseWithSchema raises for `value`. */
function errorOf(schema: z.ZodType, value: unknown): string {
  try {
    parseWithSchema(schema, value, { file: "r.jsonl", line: 3 });
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
}

describe("zod issue messages", () => {
  it("say the expected and the received value for zod's own checks", () => {
    expect(errorOf(z.object({ reward: z.number() }), { reward: "yes" })).toBe('r.jsonl:3: field reward: expects a number, received "yes"');
    expect(errorOf(z.object({ rollout_index: z.number().int().min(0) }), { rollout_index: -3 })).toBe("r.jsonl:3: field rollout_index: expects a number >= 0, received -3");
    expect(errorOf(z.object({ kind: z.enum(["a", "b"]) }), { kind: "c" })).toBe('r.jsonl:3: field kind: expects one of "a", "b", received "c"');
    expect(errorOf(z.object({ xs: z.array(z.string()).min(1) }), { xs: [] })).toBe("r.jsonl:3: field xs: expects at least 1 items, received []");
    expect(errorOf(z.object({ u: z.union([z.string(), z.array(z.string())]) }), { u: 5 })).toBe("r.jsonl:3: field u: expects a string or an array, received 5");
  });

  it("say a field is missing, also behind nonoptional", () => {
    const schema = z.object({ info: z.object({ model_stats: z.object({ calls: z.number() }).optional().nonoptional() }) });
    expect(errorOf(schema, { info: {} })).toBe("r.jsonl:3: field info.model_stats: missing (expects a value)");
    expect(errorOf(z.object({ reward: z.number() }), {})).toBe("r.jsonl:3: field reward: missing (expects a number)");
  });

  it("keep a schema's own wording of the expected value, and name unknown fields", () => {
    expect(errorOf(z.object({ n: z.string({ error: "a task id" }) }), { n: 4 })).toBe("r.jsonl:3: field n: expects a task id, received 4");
    expect(errorOf(z.strictObject({ a: z.number().optional() }), { b: true })).toBe("r.jsonl:3: field b: unknown field, received true");
    expect(errorOf(z.object({ t: z.string() }), { t: { long: "x".repeat(200) } })).toMatch(/received \{"long":"x+…$/);
  });
});
