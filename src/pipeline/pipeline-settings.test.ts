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

  it("names the line and key of a verify stage's setting of the wrong type, and of a signal missing its companion", async () => {
    const verify = (settings: string) => `  - name: v2
    kind: verify
    outputs: ["\${out}/r/trajectories.jsonl"]
    with:
      runs: [r]
${settings}`;
    const concurrency = await loadError(pipelineWith(verify('      verifier_url: http://127.0.0.1:8083/v1\n      verifier_model: judge\n      verifier_concurrency: "two"\n')));
    expect(concurrency.message).toBe(`FILE:${lineOf(concurrency.lines, "verifier_concurrency")}: field stages.v2.with.verifier_concurrency: expects a positive integer, received "two"`);
    const regression = await loadError(pipelineWith(verify("      regression: yes please\n      tasks: builtin\n")));
    expect(regression.message).toBe(`FILE:${lineOf(regression.lines, "regression:")}: field stages.v2.with.regression: expects true or false, received "yes please"`);
    const model = await loadError(pipelineWith(verify("      verifier_model: judge\n")));
    expect(model.message).toBe(`FILE:${lineOf(model.lines, "verifier_model")}: field stages.v2.with.verifier_url: missing (expects the judge endpoint with verifier_model)`);
    const tasks = await loadError(pipelineWith(verify("      regression: true\n")));
    expect(tasks.message).toBe(
      `FILE:${lineOf(tasks.lines, "regression:")}: field stages.v2.with.tasks: missing (expects the task source of the runs (builtin, quixbugs:PATH, a task dir or a row file) with regression: true)`,
    );
    const none = await loadError(pipelineWith(verify("      patch: raw\n")));
    expect(none.message).toBe(`FILE:${lineOf(none.lines, "runs: [r]")}: field stages.v2.with: expects at least one signal: regression: true or verifier_url (with verifier_model), received neither`);
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
      `FILE:${lineOf(lines, "rolout")}: field stages.1.kind: expects one of "command", "data", "train", "rollout", "verify", "select", "report", "experiment", received "rolout"`,
    );
  });
});
