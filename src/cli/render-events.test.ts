// Rendering of the event stream: NDJSON, plain lines without a terminal, an in-place status line on a terminal.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { InputError } from "../core/errors.js";
import { renderEvents, reportError } from "./render-events.js";

const events: PipelineEvent[] = [
  { type: "log", level: "info", message: "starting", source: "train" },
  { type: "log", level: "debug", message: "python chatter" },
  { type: "train.step", step: 1, totalSteps: 4, loss: 2.5, policyEntropy: 6.4 },
  { type: "train.step", step: 2, totalSteps: 4, loss: 2.25 },
  { type: "artifact", kind: "adapter", path: "/out/adapter" },
  { type: "result", command: "train", data: { outputDir: "/out", steps: 2, interrupted: false, loss: 2.25, adapter: "/out/adapter", checkpoints: [], launcher: "bridge" } },
];

async function* stream(): AsyncGenerator<PipelineEvent> {
  yield* events;
}

async function render(options: { json: boolean; tty?: boolean }): Promise<{ text: string; result: unknown }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const result = await renderEvents(stream(), { ...options, out });
  return { text: Buffer.concat(chunks).toString("utf8"), result };
}

describe("renderEvents", () => {
  it("prints every event as one JSON line with --json and returns the result event", async () => {
    const { text, result } = await render({ json: true });
    expect(text.trim().split("\n").map((line) => JSON.parse(line) as PipelineEvent)).toEqual(events);
    expect(result).toEqual(events.at(-1));
  });

  it("prints plain lines without a terminal, hiding debug logs", async () => {
    const { text } = await render({ json: false, tty: false });
    expect(text).toBe("[train] starting\nstep 1/4 loss 2.5000 entropy 6.400\nstep 2/4 loss 2.2500\nwrote adapter: /out/adapter\n");
  });

  it("keeps a progress bar in place on a terminal and prints other lines above it", async () => {
    const { text } = await render({ json: false, tty: true });
    expect(text).toContain("\r\x1b[2K[train] starting\n");
    expect(text).toContain("\r\x1b[2K██████████░░░░░░░░░░ step 2/4 loss 2.2500");
    expect(text).toContain("\r\x1b[2Kwrote adapter: /out/adapter\n");
    expect(text.endsWith("\r\x1b[2K")).toBe(true);
    expect(text).not.toContain("step 1/4 loss 2.5000 entropy 6.400\n");
  });
});

describe("a failed stage", () => {
  it("is reported once: the stage line names the stage, the final entropo: line carries the error", async () => {
    const error = new InputError("exited with 3", { file: "p.yaml" });
    async function* failing(): AsyncGenerator<PipelineEvent> {
      yield { type: "stage.end", stage: "b", status: "failed", seconds: 0.25, error: error.message };
      throw error;
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    const thrown = await renderEvents(failing(), { json: false, tty: false, out }).catch((caught: unknown) => caught);
    reportError(thrown, { json: false, err: out });
    const text = Buffer.concat(chunks).toString("utf8");
    expect(text).toBe("■ stage b failed in 0.3s\nentropo: p.yaml: exited with 3\n");
    expect(text.split("exited with 3").length - 1).toBe(1);
  });
});

describe("reportError", () => {
  it("prints the message and the fix, and maps an input error to exit code 2", () => {
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    err.on("data", (chunk: Buffer) => chunks.push(chunk));
    const code = reportError(new InputError("bad value", { file: "a.yaml", line: 3, field: "x", hint: "use a number" }), { json: false, err });
    expect(code).toBe(2);
    expect(Buffer.concat(chunks).toString("utf8")).toBe("entropo: a.yaml:3: field x: bad value\n  fix: use a number\n");
  });
});
