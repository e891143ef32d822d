// JSONL reading and writing on real files: FILE:LINE errors, zod field paths, durable appends, atomic writes.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { appendJsonl, readJsonl, readJsonlLines, writeJsonAtomic } from "./jsonl.js";
import { maskSecrets, redact } from "./redact.js";
import { collectAll } from "../testing/collect.js";

const directory = await mkdtemp(join(tmpdir(), "entropo-jsonl-"));

describe("jsonl", () => {
  it("round-trips appended records and skips blank lines, keeping line numbers", async () => {
    const file = join(directory, "round.jsonl");
    await appendJsonl(file, { a: 1 });
    await writeFile(file, (await readFile(file, "utf8")) + "\n");
    await appendJsonl(file, { a: 2 });
    expect(await collectAll(readJsonlLines(file))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: { a: 2 } },
    ]);
  });

  it("names FILE:LINE for invalid JSON and the field path for a schema violation", async () => {
    const file = join(directory, "bad.jsonl");
    await writeFile(file, '{"a": 1}\n{"a": \n');
    await expect(collectAll(readJsonlLines(file))).rejects.toThrow(new RegExp(`${file.replace(/[.]/g, "\\.")}:2: invalid JSON`));
    const typed = join(directory, "typed.jsonl");
    await writeFile(typed, '{"a": {"b": 1}}\n{"a": {"b": "x"}}\n');
    const error = await collectAll(readJsonl(typed, z.object({ a: z.object({ b: z.number() }) }))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).line).toBe(2);
    expect((error as InputError).field).toBe("a.b");
  });

  it("writes atomically without leaving temporary files", async () => {
    const file = join(directory, "atomic", "state.json");
    await writeJsonAtomic(file, { x: [1, 2] });
    await writeJsonAtomic(file, { x: [3] });
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ x: [3] });
    expect(await readdir(join(directory, "atomic"))).toEqual(["state.json"]);
  });
});

describe("redact", () => {
  it("replaces secret-named keys and masks known secret values inside strings", () => {
    const secret = "sk-test-0123456789";
    const value = { api_key: secret, nested: { note: `Bearer ${secret} used`, token: "" }, list: [secret] };
    expect(redact(value, [secret])).toEqual({ api_key: "[redacted]", nested: { note: "Bearer [redacted] used", token: "" }, list: ["[redacted]"] });
    expect(maskSecrets("nothing here", [secret])).toBe("nothing here");
  });
});
