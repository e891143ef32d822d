// A syntax error in a multi-line JSON document names FILE:LINE:COLUMN, checked against the text's own line breaks.
import { describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { parseJsonDocument } from "./json-document.js";

/** The error parseJsonDocument raises for `text`. */
function errorOf(text: string): InputError {
  try {
    parseJsonDocument(text, "run.json");
  } catch (error) {
    return error as InputError;
  }
  throw new Error("no error");
}

/** The 1-based line and column of the first occurrence of `needle` in `text`, found independently. */
function placeOf(text: string, needle: string): string {
  const lines = text.split("\n");
  const line = lines.findIndex((row) => row.includes(needle));
  return `${line + 1}:${(lines[line] ?? "").indexOf(needle) + 1}`;
}

describe("parseJsonDocument", () => {
  it("names the line and column of a syntax error instead of a byte position", () => {
    const text = JSON.stringify({ run_id: "r1", rollouts: [1, 2, 3], stats: { calls: 4 } }, null, 2).replace('"calls"', "calls");
    const error = errorOf(text);
    expect(error.message).toMatch(new RegExp(`^run\\.json:${placeOf(text, "calls")}: invalid JSON \\(Expected [^)]*property name`));
    expect(error.message).not.toMatch(/position/);
    expect(error.line).toBe(Number(placeOf(text, "calls").split(":")[0]));
  });

  it("places an unexpected token from V8's quoted context, and the end of a cut-off file", () => {
    const text = JSON.stringify({ a: "x".repeat(30), picks: [{ instance_id: "i", rollout_index: 0 }] }, null, 2).replace("0\n", "nul\n");
    const [line, column] = placeOf(text, "nul").split(":").map(Number);
    // V8 stops at the newline after `nul` (3 characters on).
    expect(errorOf(text).message).toBe(`run.json:${line}:${(column ?? 0) + 3}: invalid JSON (Unexpected token "\\n")`);
    const cut = '{\n  "a": [1,\n';
    expect(errorOf(cut).message).toBe("run.json:3:1: invalid JSON (Unexpected end of JSON input)");
    expect(parseJsonDocument('{\n  "ok": true\n}\n', "run.json")).toEqual({ ok: true });
  });
});
