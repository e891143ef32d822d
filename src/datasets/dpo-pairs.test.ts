import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { readTrajectories } from "../trajectories/read-trajectories.js";
import { isResolved } from "../trajectories/record.js";
import { buildDataset } from "./build-dataset.js";
import { DpoPairer, type DpoRow } from "./dpo-pairs.js";
import { sampleInOrder, seededRandom } from "../util/seeded-random.js";
import { toShareGpt, type ShareGptMessage } from "./sharegpt.js";

const samples = join(projectRoot(), "data", "samples");

/**
 * The previous, all-in-memory pairing (whole trajectories grouped per instance and prompt, then sampled), kept here
 * as the reference the streaming builder must reproduce byte for byte. Its output is the builder's JSON-array layout.
 */
async function inMemoryDpoFile(inputs: string[], pairsPerInstance: number | undefined, seed: number): Promise<string> {
  type Group = { prompt: ShareGptMessage[]; resolved: ShareGptMessage[][]; failed: ShareGptMessage[][] };
  const groups = new Map<string, Group>();
  for await (const { record } of readTrajectories(inputs)) {
    if (record.reward === null) continue;
    const conversion = toShareGpt(record.messages);
    if (!conversion.ok) continue;
    const [firstHuman, ...remainder] = conversion.turns as [ShareGptMessage, ...ShareGptMessage[]];
    const prompt = conversion.system === undefined ? [firstHuman] : [conversion.system, firstHuman];
    const key = `${record.instance_id}\u0000${createHash("sha256").update(JSON.stringify(prompt)).digest("base64")}`;
    const group = groups.get(key) ?? { prompt, resolved: [], failed: [] };
    groups.set(key, group);
    (isResolved(record) ? group.resolved : group.failed).push(remainder);
  }
  const rows: DpoRow[] = [];
  for (const [key, group] of groups) {
    const combinations = group.resolved.flatMap((chosen) => group.failed.map((rejected) => ({ chosen, rejected })));
    for (const pair of sampleInOrder(combinations, pairsPerInstance ?? combinations.length, seededRandom(`${seed}:${key}`))) {
      rows.push({ conversations: group.prompt, chosen: pair.chosen, rejected: pair.rejected });
    }
  }
  return `[\n${rows.map((row) => JSON.stringify(row)).join(",\n")}\n]\n`;
}

async function streamingDpoFile(inputs: string[], pairsPerInstance: number | undefined, seed: number): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "entropo-dpo-"));
  for await (const event of buildDataset({ kind: "dpo", inputs, outDir, name: "d", seed, ...(pairsPerInstance === undefined ? {} : { pairsPerInstance }) })) void event;
  return readFile(join(outDir, "d.json"), "utf8");
}

/** Many rollouts per instance from the samples: new ids, seeded rewards, two prompt variants for some instances. */
async function multiRolloutInput(): Promise<string> {
  const originals = (await readFile(join(samples, "trajectories.jsonl"), "utf8")).split("\n").filter((line) => line !== "");
  const random = seededRandom("multi-rollout");
  const lines: string[] = [];
  for (let copy = 0; copy < 60; copy += 1) {
    const record = JSON.parse(originals[copy % originals.length] as string) as Record<string, unknown> & { ds: { problem_statement: string } };
    const problem = copy % 5 === 0 ? record.ds.problem_statement.replace("[/ISSUE]", "(reworded)\n[/ISSUE]") : record.ds.problem_statement;
    const reward = random() < 0.1 ? null : random() < 0.45 ? 1 : 0;
    lines.push(JSON.stringify({ ...record, ds: { ...record.ds, problem_statement: problem }, instance_id: `${String(record.instance_id)}__g${copy % 3}`, rollout_index: copy, reward }));
  }
  const file = join(await mkdtemp(join(tmpdir(), "entropo-dpo-in-")), "rollouts.jsonl");
  await writeFile(file, lines.join("\n") + "\n");
  return file;
}

describe("DPO pairing streams yet matches the in-memory pairing byte for byte", () => {
  it("on the project's samples (all pairs, and one sampled pair per instance)", async () => {
    expect(await streamingDpoFile([samples], undefined, 42)).toBe(await inMemoryDpoFile([samples], undefined, 42));
    expect(await streamingDpoFile([samples], 1, 7)).toBe(await inMemoryDpoFile([samples], 1, 7));
  });

  it("on a generated multi-rollout input with several prompt groups per instance", async () => {
    const input = await multiRolloutInput();
    const all = await streamingDpoFile([input], undefined, 42);
    expect(all).toBe(await inMemoryDpoFile([input], undefined, 42));
    const rows = JSON.parse(all) as DpoRow[];
    expect(rows.length).toBeGreaterThan(40);
    // The samples hold 2 tasks (2 distinct prompts); reworded issues add prompt groups within an instance.
    expect(new Set(rows.map((row) => JSON.stringify(row.conversations))).size).toBeGreaterThan(2);
    const sampled = await streamingDpoFile([input], 3, 11);
    expect(sampled).toBe(await inMemoryDpoFile([input], 3, 11));
    expect(sampled).not.toBe(await streamingDpoFile([input], 3, 12));
  });
});

/** Characters of strings plus 8 bytes per number reachable from `root` (objects, arrays, maps, sets, buffers). */
function retainedSize(root: unknown, seen = new Set<unknown>()): number {
  if (typeof root === "string") return root.length;
  if (typeof root === "number") return 8;
  if (typeof root !== "object" || root === null || seen.has(root)) return 0;
  seen.add(root);
  if (Buffer.isBuffer(root)) return root.byteLength;
  const children = root instanceof Map ? [...root.keys(), ...root.values()] : root instanceof Set ? [...root] : Object.values(root);
  return children.reduce((sum: number, child) => sum + retainedSize(child, seen), 0);
}

async function pairerAfter(trajectories: number, valueChars: number): Promise<{ pairer: DpoPairer; retained: number }> {
  const pairer = new DpoPairer(undefined, 42);
  const big = "x".repeat(valueChars);
  for (let index = 0; index < trajectories; index += 1) {
    const prompt: ShareGptMessage[] = [{ from: "system", value: `system ${big}` }, { from: "human", value: `issue ${index % 4} ${big}` }];
    const remainder: ShareGptMessage[] = [{ from: "gpt", value: `answer ${index} ${big}` }, { from: "human", value: big }, { from: "gpt", value: big }];
    await pairer.add(`instance-${index % 4}`, prompt, remainder, index % 3 === 0);
  }
  return { pairer, retained: retainedSize(pairer) };
}

describe("DPO pairer memory", () => {
  it("retains state proportional to the number of trajectories, not to their size", async () => {
    const small = await pairerAfter(40, 10);
    const large = await pairerAfter(40, 100_000);
    const double = await pairerAfter(80, 10);
    // Same trajectory count: identical retained state although the large run added 4000x more text (~60 MB).
    expect(large.retained).toBe(small.retained);
    expect(large.retained).toBeLessThan(20_000);
    // Per-trajectory cost is a constant: 40 more trajectories cost exactly a fixed amount each.
    const perTrajectory = (double.retained - small.retained) / 40;
    expect(Number.isInteger(perTrajectory) && perTrajectory > 0 && perTrajectory <= 64).toBe(true);
    // Nothing was lost: every resolved x failed combination comes back with the whole spilled texts.
    let expectedPairs = 0;
    for (let instance = 0; instance < 4; instance += 1) {
      const indexes = Array.from({ length: 40 }, (_, index) => index).filter((index) => index % 4 === instance);
      const resolved = indexes.filter((index) => index % 3 === 0).length;
      expectedPairs += resolved * (indexes.length - resolved);
    }
    const rows: DpoRow[] = [];
    for await (const row of large.pairer.pairRows()) rows.push(JSON.parse(row) as DpoRow);
    expect(rows).toHaveLength(expectedPairs);
    for (const row of rows) {
      expect(row.conversations[1]?.value.length).toBeGreaterThan(100_000);
      expect([row.chosen, row.rejected].map((side) => side.map((message) => message.value.length >= 100_000))).toEqual([[true, true, true], [true, true, true]]);
    }
    await small.pairer.dispose();
    await double.pairer.dispose();
  });
});
