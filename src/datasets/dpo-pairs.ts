// Multi-turn DPO pairing: resolved x failed trajectories of one instance sharing system + first user message.
import { createHash } from "node:crypto";
import { sampleInOrder, seededRandom } from "../core/seeded-random.js";
import type { ShareGptMessage } from "./sharegpt.js";
import { SpillStore, type SpillRef } from "./spill-store.js";

export type DpoRow = { conversations: ShareGptMessage[]; chosen: ShareGptMessage[]; rejected: ShareGptMessage[] };

/** Index of one (instance, prompt, tools[, scope]) group: everything large (prompt, remainders) lies in the spill file. */
type Group = { instanceId: string; prompt: SpillRef; tools: SpillRef | undefined; resolved: SpillRef[]; failed: SpillRef[] };

/** Where a trajectory came from: `scope` narrows pairing (a source or model; "" pairs across all), `file` its file. */
export type PairOrigin = { scope: string; file: string };

/**
 * Collects trajectories and emits pairs once every input has been read. Memory: per group its key and references, per
 * trajectory one (offset, length) reference — proportional to the number of trajectories, never to their size.
 */
export class DpoPairer {
  private readonly groups = new Map<string, Group>();
  private readonly store = new SpillStore();
  /** With lastPerInstancePerFile: the trajectory each (file, instance) currently contributes. */
  private readonly latest = new Map<string, { list: SpillRef[]; ref: SpillRef }>();

  constructor(
    private readonly pairsPerInstance: number | undefined,
    private readonly seed: number,
    private readonly lastPerInstancePerFile = false,
  ) {}

  /**
   * Withdraws the trajectory that `origin.file` contributed for `instanceId` before (lastPerInstancePerFile only):
   * called for every selected record, also one that then cannot be converted, so a file's last row always wins.
   */
  supersede(instanceId: string, origin: PairOrigin): void {
    if (!this.lastPerInstancePerFile) return;
    const key = `${origin.file}\u0000${instanceId}`;
    const previous = this.latest.get(key);
    if (previous === undefined) return;
    previous.list.splice(previous.list.indexOf(previous.ref), 1);
    this.latest.delete(key);
  }

  /**
   * Adds one trajectory: `prompt` = [system?, first human], `remainder` = the rest, starting with the model's turn;
   * `tools` (the JSON string of the tool schemas, or null) is part of the prompt: pairs share it.
   */
  async add(
    instanceId: string,
    prompt: ShareGptMessage[],
    remainder: ShareGptMessage[],
    resolved: boolean,
    origin: PairOrigin = { scope: "", file: "" },
    tools: string | null = null,
  ): Promise<void> {
    this.supersede(instanceId, origin);
    const promptJson = JSON.stringify(prompt);
    const hash = createHash("sha256").update(promptJson);
    if (tools !== null) hash.update(`\u0000${tools}`);
    const digest = hash.digest("base64");
    const key = origin.scope === "" ? `${instanceId}\u0000${digest}` : `${instanceId}\u0000${digest}\u0000${origin.scope}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      const toolsRef = tools === null ? undefined : await this.store.put(JSON.stringify(tools));
      group = { instanceId, prompt: await this.store.put(promptJson), tools: toolsRef, resolved: [], failed: [] };
      this.groups.set(key, group);
    }
    const list = resolved ? group.resolved : group.failed;
    const ref = await this.store.put(JSON.stringify(remainder));
    list.push(ref);
    if (this.lastPerInstancePerFile) this.latest.set(`${origin.file}\u0000${instanceId}`, { list, ref });
  }

  /** Pairs possible before sampling, per instance id. */
  possiblePairs(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const group of this.groups.values()) {
      counts.set(group.instanceId, (counts.get(group.instanceId) ?? 0) + group.resolved.length * group.failed.length);
    }
    return counts;
  }

  /**
   * Yields each row as its JSON text (exactly `JSON.stringify(row)` of a {@link DpoRow}, composed from the spilled texts
   * without parsing them): all combinations, or `pairsPerInstance` of them sampled with a seed derived from the group.
   */
  async *pairRows(): AsyncGenerator<string> {
    try {
      for (const [key, group] of this.groups) {
        const combinations = group.resolved.flatMap((chosen) => group.failed.map((rejected) => ({ chosen, rejected })));
        if (combinations.length === 0) continue;
        const limit = this.pairsPerInstance ?? combinations.length;
        const picked = sampleInOrder(combinations, limit, seededRandom(`${this.seed}:${key}`));
        const prompt = await this.store.get(group.prompt);
        for (const pair of picked) {
          const chosen = await this.store.get(pair.chosen);
          const rejected = await this.store.get(pair.rejected);
          const tools = group.tools === undefined ? "" : `,"tools":${await this.store.get(group.tools)}`;
          yield `{"conversations":${prompt},"chosen":${chosen},"rejected":${rejected}${tools}}`;
        }
      }
    } finally {
      await this.store.dispose();
    }
  }

  /** Deletes the spill file without pairing (on error or cancel). */
  async dispose(): Promise<void> {
    await this.store.dispose();
  }
}
