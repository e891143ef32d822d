import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PipelineEvent } from "../core/events.js";
import { projectRoot, sharedDataDir } from "../util/paths.js";
import { buildDataset, type BuildDatasetOptions, type BuildDatasetSummary } from "./build-dataset.js";
import { resultOf } from "../testing/result-of.js";

const samples = join(projectRoot(), "data", "samples");
const r2eDir = join(sharedDataDir(), "r2e-trajectories");
const haveR2e = existsSync(join(r2eDir, "collection_summary.json"));
if (!haveR2e) console.log(`skipping real-data dataset tests: ${r2eDir} is absent`);

type Message = { from: string; value: string };

async function run(options: Omit<BuildDatasetOptions, "outDir"> & { outDir?: string }): Promise<{ events: PipelineEvent[]; summary: BuildDatasetSummary; outDir: string }> {
  const outDir = options.outDir ?? (await mkdtemp(join(tmpdir(), "entropo-data-")));
  const events: PipelineEvent[] = [];
  for await (const event of buildDataset({ ...options, outDir })) events.push(event);
  return { events, summary: resultOf(events, "data"), outDir };
}

async function rows<T>(file: string | null): Promise<T[]> {
  return JSON.parse(await readFile(file as string, "utf8")) as T[];
}

/** LLaMA-Factory's sharegpt rule, written independently: prompt roles at even, model roles at odd positions. */
function alternatesFrom(messages: Message[], start: "prompt" | "model"): boolean {
  return messages.every((message, index) => {
    const prompt = message.from === "human" || message.from === "observation";
    const model = message.from === "gpt" || message.from === "function_call";
    return (index % 2 === 0) === (start === "prompt") ? prompt : model;
  });
}

describe("buildDataset on the project's sample trajectories", () => {
  it("sft: resolved trajectories only, ShareGPT, even turn count ending with gpt, dataset_info entry", async () => {
    const { summary, outDir } = await run({ kind: "sft", inputs: [samples], name: "s_sft" });
    const data = await rows<{ conversations: Message[] }>(summary.file);
    expect(data).toHaveLength(3);
    expect(summary.dropped).toEqual({ "not resolved": 4 });
    for (const row of data) {
      expect(row.conversations[0]?.from).toBe("system");
      const turns = row.conversations.slice(1);
      expect(turns.length % 2).toBe(0);
      expect(alternatesFrom(turns, "prompt")).toBe(true);
      expect(turns.every((turn) => turn.value.trim() !== "")).toBe(true);
    }
    const info = JSON.parse(await readFile(join(outDir, "dataset_info.json"), "utf8")) as Record<string, unknown>;
    expect(info.s_sft).toMatchObject({ file_name: "s_sft.json", formatting: "sharegpt", columns: { messages: "conversations" } });
  });

  it("dpo: all resolved x failed pairs per instance with identical prompts, whole trajectories as lists", async () => {
    const { summary } = await run({ kind: "dpo", inputs: [samples], name: "s_dpo" });
    const data = await rows<{ conversations: Message[]; chosen: Message[]; rejected: Message[] }>(summary.file);
    // mini__clamp-1: 2 resolved x 2 failed; mini__slugify-2: 1 x 2.
    expect(data).toHaveLength(6);
    expect(summary.pairsPossible).toBe(6);
    for (const row of data) {
      expect(row.conversations.map((message) => message.from)).toEqual(["system", "human"]);
      expect(Array.isArray(row.chosen) && Array.isArray(row.rejected)).toBe(true);
      for (const side of [row.chosen, row.rejected]) {
        expect(side.length % 2).toBe(1);
        expect(alternatesFrom(side, "model")).toBe(true);
      }
      expect(row.chosen).not.toEqual(row.rejected);
    }
    expect(data.some((row) => row.chosen.some((message) => message.value.includes("return low")))).toBe(true);
    expect(data.every((row) => !row.chosen.some((message) => message.value.includes("value >= high")))).toBe(true);
  });

  it("dpo: --pairs-per-instance samples deterministically with the seed", async () => {
    const first = await run({ kind: "dpo", inputs: [samples], name: "k", pairsPerInstance: 1, seed: 7 });
    const second = await run({ kind: "dpo", inputs: [samples], name: "k", pairsPerInstance: 1, seed: 7 });
    expect(first.summary.rows).toBe(2);
    expect(await readFile(first.summary.file as string, "utf8")).toBe(await readFile(second.summary.file as string, "utf8"));
  });

  it("kto: one row per trajectory, boolean kto_tag, suggested weights in the entry description", async () => {
    const { summary, outDir } = await run({ kind: "kto", inputs: [samples], name: "s_kto" });
    const data = await rows<{ conversations: Message[]; kto_tag: unknown }>(summary.file);
    const instance = (row: { conversations: Message[] }): string => (row.conversations[1]?.value.includes("clamp(") ? "clamp" : "slugify");
    expect(data.filter((row) => instance(row) === "clamp").map((row) => row.kto_tag)).toEqual([true, false, true, false]);
    expect(data.filter((row) => instance(row) === "slugify").map((row) => row.kto_tag)).toEqual([false, true, false]);
    // Interleaved: 4 clamp and 3 slugify rows alternate; only the wrap-around pair (row 0 takes the last row's
    // trajectory in LLaMA-Factory's rotation) is forced to repeat an instance (written grouped, 5 of 7 did).
    expect(data.map(instance)).toEqual(["clamp", "slugify", "clamp", "slugify", "clamp", "slugify", "clamp"]);
    expect(summary.kto?.sameInstanceNeighbours).toBe(1);
    // 3 desirable vs 4 undesirable: weight 4/3 on desirable brings the weighted ratio to 1.
    expect(summary.kto?.suggestedWeights).toEqual({ desirable: 1.333, undesirable: 1, ratio: 1 });
    const info = JSON.parse(await readFile(join(outDir, "dataset_info.json"), "utf8")) as Record<string, { description: string; columns: object }>;
    expect(info.s_kto?.columns).toEqual({ messages: "conversations", kto_tag: "kto_tag" });
    expect(info.s_kto?.description).toContain("kto_chosen_weight=1.333 kto_rejected_weight=1");
  });

  it("filters: only finished, excluded exit reasons, step bounds, dedup", async () => {
    const finished = await run({ kind: "kto", inputs: [samples], name: "f", onlyFinished: true });
    expect(finished.summary.dropped).toEqual({ "not finished": 1 });
    const excluded = await run({ kind: "kto", inputs: [samples], name: "e", excludeExitReasons: ["max_step_limit"], maxSteps: 4 });
    expect(excluded.summary.dropped).toEqual({ "exit reason max_step_limit": 1 });
    const dedup = await run({ kind: "kto", inputs: [samples, samples], name: "d", dedup: true, minSteps: 4 });
    expect(dedup.summary.rows).toBe(6); // the second copy of each is a duplicate
    expect(dedup.summary.dropped).toEqual({ "fewer steps than --min-steps": 2, duplicate: 6 });
  });

  it("merges into an existing dataset_info.json and leaves nothing partial when input is bad", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "entropo-data-"));
    await writeFile(join(outDir, "dataset_info.json"), JSON.stringify({ other: { file_name: "x.json" } }));
    await writeFile(join(outDir, "s.json"), "previous");
    await run({ kind: "sft", inputs: [samples], name: "new", outDir });
    const info = JSON.parse(await readFile(join(outDir, "dataset_info.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(["new", "other"]);
    const bad = join(outDir, "bad.jsonl");
    const good = (await readFile(join(samples, "trajectories.jsonl"), "utf8")).split("\n")[0] as string;
    await writeFile(bad, `${good}\n{"trajectory_steps": "nope", "instance_id": "x"}\n`);
    await expect(run({ kind: "sft", inputs: [bad], name: "s", outDir })).rejects.toThrow(`${bad}:2: field trajectory_steps`);
    expect(await readFile(join(outDir, "s.json"), "utf8")).toBe("previous");
    expect((await readdir(outDir)).filter((name) => name.includes("partial"))).toEqual([]);
    const skipped = await run({ kind: "sft", inputs: [bad], name: "s", outDir, skipInvalid: true });
    expect(skipped.summary.skippedInvalid).toBe(1);
    expect(skipped.summary.rows).toBe(1);
  });

  it("an empty input is an error naming it (exit 2), writing nothing and leaving dataset_info untouched", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "entropo-data-"));
    const infoText = JSON.stringify({ other: { file_name: "x.json" } });
    await writeFile(join(outDir, "dataset_info.json"), infoText);
    const empty = join(outDir, "empty.jsonl");
    await writeFile(empty, "");
    for (const workers of [0, 2]) {
      const failure = run({ kind: "sft", inputs: [empty], name: "e", outDir, workers });
      await expect(failure).rejects.toThrow(`no trajectories in --input ${empty}`);
      await expect(failure).rejects.toMatchObject({ exitCode: 2 });
    }
    expect(await readFile(join(outDir, "dataset_info.json"), "utf8")).toBe(infoText);
    expect((await readdir(outDir)).sort()).toEqual(["dataset_info.json", "empty.jsonl"]);
  });

  it("every trajectory filtered out warns naming the filters' counts (a 0-row result stays a result)", async () => {
    const { events, summary } = await run({ kind: "kto", inputs: [samples], name: "none", minSteps: 1000 });
    expect(summary.rows).toBe(0);
    const warnings = events.filter((event) => event.type === "log" && event.level === "warn").map((event) => (event.type === "log" ? event.message : ""));
    expect(warnings).toContainEqual(expect.stringContaining("kto: 0 rows from 7 trajectories (7 fewer steps than --min-steps)"));
  });

  it("progress says it is a running count while reading and gives the total read at the end", async () => {
    const { events } = await run({ kind: "sft", inputs: [samples], name: "p", workers: 0 });
    const progress = events.filter((event) => event.type === "progress");
    expect(progress[0]).toMatchObject({ task: "data sft", done: 1, unit: "trajectories read so far" });
    expect(progress.at(-1)).toMatchObject({ task: "data sft", done: 7, unit: "trajectories read from 1 input (done)" });
  });

  it("rejects bad option values naming the option", async () => {
    await expect(run({ kind: "sft", inputs: [samples], name: "x", cutoffLen: -3 })).rejects.toThrow("option --cutoff-len expects a positive integer, received -3");
    await expect(run({ kind: "sft", inputs: [samples], name: "x", template: "llama9" })).rejects.toThrow("option --template expects");
  });
});

describe.runIf(haveR2e)("buildDataset on real R2E trajectories", () => {
  it("counts tokens with the offline Qwen3 tokenizer and drops (never truncates) examples over --cutoff-len", async () => {
    const rewards = join(r2eDir, "collection_summary.json");
    const stats = await run({ kind: "stats", inputs: [r2eDir], rewards, name: "st", countTokens: false });
    expect(stats.summary.stats.outcomes).toEqual({ resolved: 2, failed: 16, unknown: 0 });
    expect(stats.summary.stats.pairsPossible.total).toBe(0);
    // Token counting on six files keeps the test fast (the JS tokenizer does ~0.4 MB/s).
    const files = (await readdir(r2eDir)).filter((name) => name.startsWith("trajectory_orange3") || name.startsWith("trajectory_pillow") || name.startsWith("trajectory_aiohttp_216")).map((name) => join(r2eDir, name));
    expect(files).toHaveLength(6);
    const all = await run({ kind: "kto", inputs: files, rewards, name: "all" });
    const counted = await run({ kind: "stats", inputs: files, rewards, name: "st6" });
    const tokens = counted.summary.stats.tokens;
    expect(tokens?.count).toBe(6);
    const cut = await run({ kind: "kto", inputs: files, rewards, name: "cut", cutoffLen: tokens?.p50 ?? 0 });
    const kept = await rows<{ conversations: Message[] }>(cut.summary.file);
    const full = await rows<{ conversations: Message[] }>(all.summary.file);
    expect(kept.length).toBe(3);
    expect(cut.summary.dropped).toEqual({ "over --cutoff-len": 3 });
    // Dropped, not truncated: every kept row is identical to its uncut version.
    for (const row of kept) expect(full).toContainEqual(row);
  });
});
