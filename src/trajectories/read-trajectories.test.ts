import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { sharedDataDir } from "../util/paths.js";
import { cleanOutputPatch, splitDiff } from "./clean-patch.js";
import { readTrajectories, type TrajectoryItem } from "./read-trajectories.js";
import { collectAll } from "../testing/collect.js";

const r2eDir = join(sharedDataDir(), "r2e-trajectories");
const sweAgentFile = join(sharedDataDir(), "swe-agent", "pydicom__pydicom-1458.traj");
const haveR2e = existsSync(join(r2eDir, "collection_summary.json"));
if (!haveR2e) console.log(`skipping real R2E trajectory tests: ${r2eDir} is absent`);
if (!existsSync(sweAgentFile)) console.log(`skipping SWE-agent .traj test: ${sweAgentFile} is absent`);

const collect = (inputs: string[], options: Parameters<typeof readTrajectories>[1] = {}): Promise<TrajectoryItem[]> => collectAll(readTrajectories(inputs, options));

async function tempFile(name: string, content: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "entropo-traj-")), name);
  await writeFile(file, content);
  return file;
}

describe.runIf(haveR2e)("real R2E-Gym trajectories", () => {
  it("reads all 18 files, applies collection_summary rewards and rebuilds the chat", async () => {
    const items = await collect([r2eDir], { rewards: join(r2eDir, "collection_summary.json") });
    expect(items).toHaveLength(18);
    const resolved = items.filter((item) => item.record.reward === 1).map((item) => item.record.instance_id).sort();
    expect(resolved).toEqual(["orange3_2d9617bd", "orange3_74ffccc1"]);
    const record = items.find((item) => item.record.instance_id === "aiohttp_216e0828")?.record;
    expect(record?.messages).toHaveLength(2 + 2 * 7);
    expect(record?.messages[1]?.content).toContain("<github_issue>\n\n**Title:** AsyncResolver Does Not Propagate Error Messages");
    expect(record?.messages[1]?.content.endsWith(`\nSteps Remaining: ${record?.max_steps}`)).toBe(true);
    expect(record?.messages[2]?.content.startsWith("<think>")).toBe(true);
    expect(record?.exit_reason).toBe("agent");
    expect(record?.finished).toBe(true);
    expect(record?.agent_kind).toBe("imported");
  });

  it("cleans output patches down to the .py files the agent edited (no Makefile junk)", async () => {
    const [item] = await collect([join(r2eDir, "trajectory_aiohttp_216e0828.json")]);
    const record = item?.record;
    expect(splitDiff(record?.output_patch ?? "").map((diff) => diff.path)).toContain("Makefile");
    const cleaned = splitDiff(cleanOutputPatch(record?.output_patch ?? "", record?.trajectory_steps ?? [])).map((diff) => diff.path);
    expect(cleaned).toEqual(["aiohttp/resolver.py"]);
  });
});

describe("SWE-agent .traj", () => {
  it.runIf(existsSync(sweAgentFile))("imports history, steps, submission and exit status", async () => {
    const [item] = await collect([sweAgentFile]);
    expect(item?.record.instance_id).toBe("pydicom__pydicom-1458");
    expect(item?.record.exit_reason).toBe("agent");
    expect(item?.record.trajectory_steps).toHaveLength(12);
    expect(item?.record.messages[0]?.role).toBe("system");
    expect(item?.record.output_patch.startsWith("diff --git a/pydicom/pixel_data_handlers/numpy_handler.py")).toBe(true);
  });
});

describe("message rows and bad input", () => {
  const row = (extra: object): string =>
    JSON.stringify({ messages: [{ role: "user", content: "fix it" }, { role: "assistant", content: "ok\n\n<function=finish>\n</function>" }], ...extra });

  it("imports message rows (messages and history variants, system, exit_reasons, reward)", async () => {
    const history = JSON.stringify({ history: [{ from: "human", value: "q" }, { from: "gpt", value: "a" }], instance_id: "h", reward: true });
    const file = await tempFile("rows.jsonl", `${row({ system: "S", instance_id: "i1", exit_reasons: "agent", reward: 0 })}\n\n${history}\n`);
    const items = await collect([file]);
    expect(items.map((item) => [item.record.instance_id, item.record.reward, item.line])).toEqual([["i1", 0, 1], ["h", 1, 3]]);
    expect(items[0]?.record.messages.map((message) => message.role)).toEqual(["system", "user", "assistant"]);
    expect(items[0]?.record.finished).toBe(true);
    expect(items[0]?.record.trajectory_steps[0]?.action).toBe("<function=finish>\n</function>");
  });

  it("names FILE:LINE for malformed JSON and the zod field path for a bad field", async () => {
    const broken = await tempFile("broken.jsonl", `${row({})}\n{"messages": [\n`);
    await expect(collect([broken])).rejects.toThrow(`${broken}:2: invalid JSON`);
    const badField = await tempFile("bad.jsonl", `${row({})}\n${JSON.stringify({ trajectory_steps: [{ step_idx: 0, thought: 3 }], instance_id: "x" })}\n`);
    const error = await collect([badField]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`${badField}:2: field trajectory_steps.0.thought`);
    const badRole = await tempFile("role.jsonl", JSON.stringify({ messages: [{ role: "robot", content: "x" }] }));
    await expect(collect([badRole])).rejects.toThrow("field messages.0.role");
  });

  it("skips invalid records with skipInvalid and reports each", async () => {
    const file = await tempFile("mixed.jsonl", `${row({ instance_id: "a" })}\nnot json\n${JSON.stringify({ other: 1 })}\n${row({ instance_id: "b" })}\n`);
    const skipped: InputError[] = [];
    const items = await collect([file], { skipInvalid: true, onSkip: (error) => skipped.push(error) });
    expect(items.map((item) => item.record.instance_id)).toEqual(["a", "b"]);
    expect(skipped.map((error) => error.line)).toEqual([2, 3]);
  });

  it("takes a plain {key: reward} map and fails clearly on a missing input", async () => {
    const file = await tempFile("r.jsonl", `${row({ instance_id: "a" })}\n${row({ instance_id: "b", reward: 0 })}\n`);
    const rewards = await tempFile("rewards.json", JSON.stringify({ a: 1, b: true }));
    const items = await collect([file], { rewards });
    expect(items.map((item) => item.record.reward)).toEqual([1, 1]);
    await expect(collect(["/nonexistent/entropo.jsonl"])).rejects.toThrow("/nonexistent/entropo.jsonl: input not found");
  });
});
