import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRng } from "../util/seeded-random.js";
import type { PipelineEvent } from "../core/events.js";
import { buildDataset } from "./build-dataset.js";
import { interleaveOrder, klPartner, sameInstanceNeighbours } from "./kto-interleave.js";
import { resultOf } from "../testing/result-of.js";

/** LLaMA-Factory's rotation, written independently: kl_response = [responses[-1]] + responses[:-1] per batch. */
function rotationPartners(total: number, batchSize: number): number[] {
  const partners: number[] = [];
  for (let start = 0; start < total; start += batchSize) {
    const end = Math.min(start + batchSize, total);
    for (let index = start; index < end; index += 1) partners.push(index === start ? end - 1 : index - 1);
  }
  return partners;
}

describe("KTO interleave", () => {
  it("pairs rows as LLaMA-Factory's feedback processor rotates them inside each preprocessing batch", () => {
    for (const [total, batch] of [[7, 1000], [2500, 1000], [10, 3], [1, 1000]] as const) {
      expect(Array.from({ length: total }, (_, index) => klPartner(index, total, batch))).toEqual(rotationPartners(total, batch));
    }
  });

  it("leaves no same-instance KL pair with 4 rollouts per instance, and keeps every row", () => {
    const counts = new Map(Array.from({ length: 25 }, (_, index) => [`repo__pkg-${index}`, 4] as const));
    const order = interleaveOrder(counts, 42);
    expect(order).toHaveLength(100);
    expect(new Map([...new Set(order)].map((id) => [id, order.filter((one) => one === id).length]))).toEqual(counts);
    expect(sameInstanceNeighbours(order)).toBe(0);
    expect(order.every((id, index) => index === 0 || order[index - 1] !== id)).toBe(true);
    expect(interleaveOrder(counts, 42)).toEqual(order);
    expect(interleaveOrder(counts, 43)).not.toEqual(order);
  });

  it("reaches the lower bound max(0, 2m - n) of same-instance pairs on a single-batch cycle (random counts)", () => {
    const random = createRng(7);
    for (let trial = 0; trial < 200; trial += 1) {
      const instances = 1 + Math.floor(random() * 6);
      const counts = new Map(Array.from({ length: instances }, (_, index) => [`i${index}`, 1 + Math.floor(random() * 9)] as const));
      const n = [...counts.values()].reduce((sum, count) => sum + count, 0);
      const m = Math.max(...counts.values());
      expect(sameInstanceNeighbours(interleaveOrder(counts, trial))).toBe(Math.max(0, 2 * m - n));
    }
  });

  it("keeps batch boundaries apart too: rows that open a preprocessing batch get a KL example of another instance", () => {
    const counts = new Map(Array.from({ length: 3 }, (_, index) => [`i${index}`, 6] as const));
    for (const batch of [4, 6, 7, 8]) expect(sameInstanceNeighbours(interleaveOrder(counts, 1, batch), batch)).toBe(0);
    // A last batch of one row can only pair with itself: that pair is the one that remains.
    expect(sameInstanceNeighbours(interleaveOrder(counts, 1, 17), 17)).toBe(1);
  });
});

describe("entropo data kto with 4 rollouts per instance", () => {
  it("writes no row whose KL example (LLaMA-Factory's previous row) comes from its own instance, and says so", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entropo-kto-"));
    const rows = Array.from({ length: 6 }, (_, instance) =>
      Array.from({ length: 4 }, (_, rollout) =>
        JSON.stringify({
          instance_id: `repo__pkg-${instance}`,
          rollout_index: rollout,
          reward: rollout % 2,
          messages: [
            { role: "system", content: "You are an agent." },
            { role: "user", content: `task ${instance}` },
            { role: "assistant", content: `attempt ${rollout}\n\n<function=finish>\n</function>` },
          ],
        }),
      ),
    ).flat();
    // Written grouped by instance, as rollouts are.
    await writeFile(join(dir, "rollouts.jsonl"), `${rows.join("\n")}\n`);
    const events: PipelineEvent[] = [];
    for await (const event of buildDataset({ kind: "kto", inputs: [join(dir, "rollouts.jsonl")], outDir: dir, name: "k" })) events.push(event);
    const summary = resultOf(events, "data");
    const written = JSON.parse(await readFile(join(dir, "k.json"), "utf8")) as { conversations: { value: string }[] }[];
    const order = written.map((row) => row.conversations[1]?.value);
    expect(order).toHaveLength(24);
    expect(new Set(order).size).toBe(6);
    const partners = rotationPartners(order.length, 1000);
    expect(order.filter((task, index) => order[partners[index] as number] === task)).toEqual([]);
    expect(summary?.kto?.sameInstanceNeighbours).toBe(0);
  });
});
