// `--input LABEL=PATH`: parsing, and a missing input fails before any other input is read.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { parseInputs, readLabelledTrajectories } from "./labelled-inputs.js";

const samples = join(projectRoot(), "data", "samples");

describe("labelled inputs", () => {
  it("LABEL=PATH names a source; paths, hf: ids and existing files with '=' are their own source", () => {
    expect(parseInputs(["glm=runs/a.jsonl", "hf:owner/name", "runs/x=y/b.jsonl", "qwen=hf:owner/other"])).toEqual([
      { source: "glm", path: "runs/a.jsonl" },
      { source: "hf:owner/name", path: "hf:owner/name" },
      { source: "runs/x=y/b.jsonl", path: "runs/x=y/b.jsonl" },
      { source: "qwen", path: "hf:owner/other" },
    ]);
  });

  it("reads inputs in order with their source, and names a missing input before reading any", async () => {
    const sources: string[] = [];
    for await (const item of readLabelledTrajectories(parseInputs([`a=${samples}`, samples]), {})) sources.push(item.source);
    expect(sources.length).toBe(14);
    expect(new Set(sources.slice(0, 7))).toEqual(new Set(["a"]));
    expect(new Set(sources.slice(7))).toEqual(new Set([samples]));
    const read: string[] = [];
    const reading = async (): Promise<void> => {
      for await (const item of readLabelledTrajectories(parseInputs([samples, "b=/nonexistent/entropo.jsonl"]), {})) read.push(item.file);
    };
    await expect(reading()).rejects.toThrow("/nonexistent/entropo.jsonl: input not found");
    expect(read).toEqual([]);
  });
});
