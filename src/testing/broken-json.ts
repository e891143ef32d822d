// Test support: a pretty-printed JSON document with a syntax error at a known place (a comma missing between members).
import { writeFileSync } from "node:fs";
import { expect } from "vitest";

/** The text: `"b"` on line 3, column 3 follows `"a": 1` without a comma. */
export const missingCommaJson = '{\n  "a": 1\n  "b": 2\n}\n';

/** Writes the broken document to `file`; returns the message prefix a reader must give: `FILE:3:3: invalid JSON (`. */
export function writeBrokenJson(file: string): string {
  writeFileSync(file, missingCommaJson);
  return `${file}:3:3: invalid JSON (`;
}

/** Writes the broken document to `file` and returns what `read(file)` rejects with, beside the prefix it must give. */
export async function readBrokenJson(file: string, read: (file: string) => Promise<unknown>): Promise<{ error: unknown; expected: string }> {
  const expected = writeBrokenJson(file);
  const error = await read(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, expected };
}

/** Asserts that reading the broken document with `read` rejects with an Error at FILE:3:3, without V8's byte position. */
export async function expectFileLineColumn(file: string, read: (file: string) => Promise<unknown>): Promise<void> {
  const { error, expected } = await readBrokenJson(file, read);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toContain(expected);
  expect((error as Error).message).not.toMatch(/position \d+/);
}
