// Every stage's `with:` is checked when the pipeline file is loaded, before any stage runs: errors name FILE:LINE, the
// stage's field, the expected and the received value.
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPipeline } from "./pipeline-config.js";

const node = process.execPath;

/** A pipeline whose first stage writes first.txt (a command) and whose second is `second` (YAML lines of one stage). */
function pipelineWith(second: string, vars = ""): string {
  return `version: 1
name: t
out: out
${vars}stages:
  - name: c1
    kind: command
    outputs: ["\${out}/first.txt"]
    with: { run: ["${node}", "-e", "require('fs').writeFileSync('first.txt','x')"] }
${second}`;
}

/** Writes `yaml` as entropo.yaml in a fresh directory; returns the load error's message and whether stage 1 ran. */
async function loadError(yaml: string): Promise<{ message: string; lines: string[] }> {
  const directory = await mkdtemp(join(tmpdir(), "entropo-pipeline-settings-"));
  const file = join(directory, "entropo.yaml");
  await writeFile(file, yaml);
  const message = await loadPipeline(file).then(
    () => "no error",
    (error: unknown) => (error as Error).message,
  );
  expect(existsSync(join(directory, "first.txt"))).toBe(false);
  return { message: message.replace(`${file}:`, "FILE:"), lines: yaml.split("\n") };
}

/** The 1-based line of the first line of `lines` containing `needle`. */
const lineOf = (lines: string[], needle: string): number => lines.findIndex((line) => line.includes(needle)) + 1;

describe("pipeline settings checked at load", () => {
  it("names the line of a bad value in a later stage", async () => {
    const { message, lines } = await loadError(pipelineWith(`  - name: d2
    kind: data
    outputs: ["\${out}/d"]
    with:
      kind: sft
      inputs: [a.jsonl]
      out_dir: d
      name: n
      cutoff_len: "abc"
`));
    expect(message).toBe(`FILE:${lineOf(lines, "cutoff_len")}: field stages.d2.with.cutoff_len: expects a non-negative integer, received "abc"`);
  });

  it("names the line of an unknown setting and of a bad rollout count", async () => {
    const rollout = (extra: string) => `  - name: r2
    kind: rollout
    outputs: ["\${out}/r"]
    with:
      tasks: builtin
      teacher: scripted
      out: r
${extra}`;
    const unknown = await loadError(pipelineWith(rollout("      max_stepz: 3\n")));
    expect(unknown.message).toMatch(new RegExp(`^FILE:${lineOf(unknown.lines, "max_stepz")}: field stages\\.r2\\.with\\.max_stepz: unknown setting "max_stepz"; known: tasks, `));
    const count = await loadError(pipelineWith(rollout('      n: "four"\n')));
    expect(count.message).toBe(`FILE:${lineOf(count.lines, `n: "four"`)}: field stages.r2.with.n: expects an integer >= 1, received "four"`);
    const serve = await loadError(pipelineWith(rollout("      serve: { model: m }\n").replace("      teacher: scripted\n", "")));
    expect(serve.message).toBe(`FILE:${lineOf(serve.lines, "serve:")}: field stages.r2.with.serve.template: missing (expects a string)`);
  });

  it("checks a value that comes from a ${var} after replacing it", async () => {
    const { message, lines } = await loadError(
      pipelineWith(`  - name: t2
    kind: train
    outputs: ["\${out}/t"]
    with: { config: c.yaml, nproc: "\${procs}" }
`, "vars: { procs: several }\n"),
    );
    expect(message).toBe(`FILE:${lineOf(lines, "nproc")}: field stages.t2.with.nproc: expects an integer, received "several"`);
  });

  it("names the received kind and the valid ones of a misspelt stage kind", async () => {
    const { message, lines } = await loadError(pipelineWith(`  - name: r2
    kind: rolout
    outputs: [x]
`));
    expect(message).toBe(
      `FILE:${lineOf(lines, "rolout")}: field stages.1.kind: expects one of "command", "data", "train", "rollout", "select", "report", "experiment", received "rolout"`,
    );
  });
});
