// Pipeline core on real files and real processes (command stages): validation with lines, caching, --stage/--from, resume.
import { mkdtemp, readFile, writeFile, utimes } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { InputError } from "../core/errors.js";
import { loadPipeline } from "./pipeline-config.js";
import { pipelineStatus } from "./pipeline-status.js";
import { runPipeline } from "./run-pipeline.js";
import { collectAll } from "../testing/collect.js";

const node = process.execPath;

/** A pipeline of two command stages: `a` copies input.txt to a.txt (counting runs), `b` derives b.txt from a.txt. */
function twoStagePipeline(failB = false): string {
  const copy = `const fs=require('fs');fs.appendFileSync('runs-a.log','x');fs.writeFileSync('out/a.txt',fs.readFileSync('input.txt','utf8').toUpperCase())`;
  const derive = failB ? `process.exit(3)` : `const fs=require('fs');fs.appendFileSync('runs-b.log','x');fs.writeFileSync('out/b.txt',fs.readFileSync('out/a.txt','utf8')+'!')`;
  return `version: 1
name: t
out: out
stages:
  - name: a
    kind: command
    inputs: [input.txt]
    outputs: ["\${out}/a.txt"]
    with: { run: ["${node}", "-e", ${JSON.stringify(copy)}] }
  - name: b
    kind: command
    inputs: ["\${out}/a.txt"]
    outputs: ["\${out}/b.txt"]
    with: { run: ["${node}", "-e", ${JSON.stringify(derive)}] }
`;
}

const statuses = (events: PipelineEvent[]) =>
  events.flatMap((event) => (event.type === "stage.end" ? [`${event.stage}:${event.status}`] : event.type === "stage.skip" ? [`${event.stage}:skip`] : []));

async function workspace(yaml: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "entropo-pipeline-"));
  await writeFile(join(directory, "entropo.yaml"), yaml);
  await writeFile(join(directory, "input.txt"), "hello");
  return directory;
}

describe("pipeline config", () => {
  it("names the file, the line and the field of an invalid stage", async () => {
    const directory = await workspace("version: 1\nname: t\nout: out\nstages:\n  - name: a\n    kind: bake\n    outputs: [x]\n");
    const error = await loadPipeline(join(directory, "entropo.yaml")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/entropo\.yaml:6: field stages\.0\.kind: /);
  });

  it("rejects an unknown ${variable} naming the stage", async () => {
    const directory = await workspace("version: 1\nname: t\nout: out\nstages:\n  - name: a\n    kind: command\n    outputs: ['${nope}/x']\n    with: {run: [ls]}\n");
    const pipeline = await loadPipeline(join(directory, "entropo.yaml"));
    await expect(collectAll(runPipeline({ pipeline }))).rejects.toThrow(/unknown variable \$\{nope\} in stage a/);
  });

  it("rejects --stage naming a stage that does not exist, listing the valid ones", async () => {
    const directory = await workspace(twoStagePipeline());
    const pipeline = await loadPipeline(join(directory, "entropo.yaml"));
    await expect(collectAll(runPipeline({ pipeline, stage: "c" }))).rejects.toThrow(/option --stage expects one of a, b, received "c"/);
  });
});

describe("runPipeline", () => {
  it("runs stages in order, then skips them while inputs and config are unchanged", async () => {
    const directory = await workspace(twoStagePipeline());
    const file = join(directory, "entropo.yaml");
    const first = await collectAll(runPipeline({ pipeline: await loadPipeline(file) }));
    expect(statuses(first)).toEqual(["a:done", "b:done"]);
    expect(await readFile(join(directory, "out/b.txt"), "utf8")).toBe("HELLO!");

    const second = await collectAll(runPipeline({ pipeline: await loadPipeline(file) }));
    expect(statuses(second)).toEqual(["a:skip", "b:skip"]);
    expect((await pipelineStatus(await loadPipeline(file))).every((row) => row.upToDate)).toBe(true);

    // A newer input re-runs a, and b follows because its input (a.txt) is now newer than b's record.
    const future = new Date(Date.now() + 5_000);
    await writeFile(join(directory, "input.txt"), "again");
    await utimes(join(directory, "input.txt"), future, future);
    const third = await collectAll(runPipeline({ pipeline: await loadPipeline(file) }));
    expect(statuses(third)).toEqual(["a:done", "b:done"]);
    expect(await readFile(join(directory, "out/b.txt"), "utf8")).toBe("AGAIN!");
    expect(await readFile(join(directory, "runs-a.log"), "utf8")).toBe("xx");
  });

  it("--stage forces one stage; --from re-runs from it and the stages after it follow their refreshed inputs", async () => {
    const directory = await workspace(twoStagePipeline());
    const file = join(directory, "entropo.yaml");
    await collectAll(runPipeline({ pipeline: await loadPipeline(file) }));
    expect(statuses(await collectAll(runPipeline({ pipeline: await loadPipeline(file), stage: "b" })))).toEqual(["b:done"]);
    expect(statuses(await collectAll(runPipeline({ pipeline: await loadPipeline(file), from: "a" })))).toEqual(["a:done", "b:done"]);
  });

  it("stops at a failing stage and resumes after the finished ones", async () => {
    const directory = await workspace(twoStagePipeline(true));
    const file = join(directory, "entropo.yaml");
    const failed: PipelineEvent[] = [];
    await expect(
      (async () => {
        for await (const event of runPipeline({ pipeline: await loadPipeline(file) })) failed.push(event);
      })(),
    ).rejects.toThrow(/exited with 3/);
    expect(statuses(failed)).toEqual(["a:done", "b:failed"]);
    await writeFile(file, twoStagePipeline(false));
    const resumed = await collectAll(runPipeline({ pipeline: await loadPipeline(file) }));
    expect(statuses(resumed)).toEqual(["a:skip", "b:done"]);
    expect(existsSync(join(directory, "out/b.txt"))).toBe(true);
  });

  it("cancels on abort, marks the stage cancelled and records nothing for it", async () => {
    const slow = `version: 1\nname: t\nout: out\nstages:\n  - name: wait\n    kind: command\n    outputs: ["\${out}/never"]\n    with: { run: ["${node}", "-e", "setTimeout(()=>{}, 60000)"] }\n`;
    const directory = await workspace(slow);
    const controller = new AbortController();
    const events: PipelineEvent[] = [];
    const run = (async () => {
      for await (const event of runPipeline({ pipeline: await loadPipeline(join(directory, "entropo.yaml")), signal: controller.signal })) {
        events.push(event);
        if (event.type === "stage.start") controller.abort();
      }
    })();
    await expect(run).rejects.toThrow(/cancelled/);
    expect(statuses(events)).toEqual(["wait:cancelled"]);
    expect(JSON.parse(await readFile(join(directory, "out/pipeline-state.json"), "utf8").catch(() => '{"stages":{}}')).stages).toEqual({});
  });
});
