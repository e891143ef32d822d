// Multi-turn DPO pairing: resolved x failed trajectories of one instance sharing system + first user message.
import { createHash } from "node:crypto";
import { sampleInOrder, seededRandom } from "../util/seeded-random.js";
import type { ShareGptMessage } from "./sharegpt.js";
import { SpillStore, type SpillRef } from "./spill-store.js";

export type DpoRow = { conversations: ShareGptMessage[]; chosen: ShareGptMessage[]; rejected: ShareGptMessage[] };

/** Index of one (instance, prompt, tools[, scope]) group: everything large (prompt, remainders) lies in the spill file. */
type Group = { instanceId: string; prompt: SpillRef; tools: SpillRef | undefined; resolved: SpillRef[]; failed: SpillRef[] };

/** The fixed parts of a row's JSON text around the spilled texts. */
const rowParts = {
  conversations: Buffer.from('{"conversations":'),
  chosen: Buffer.from(',"chosen":'),
  rejected: Buffer.from(',"rejected":'),
  tools: Buffer.from(',"tools":'),
  end: Buffer.from("}"),
};

/** The key of a prompt: base64 SHA-256 of its JSON text and, when present, the tools' JSON text. */
export function promptDigest(promptJson: string, tools: string | null): string {
  const hash = createHash("sha256").update(promptJson);
  if (tools !== null) hash.update(`\u0000${tools}`);
  return hash.digest("base64");
}

/** Where a trajectory came from: `scope` narrows pairing (a source or model; "" pairs across all), `file` its file. */
export type PairOrigin = { scope: string; file: string };

/**
 * Collects trajectories and emits pairs once every input has been read. Memory: per group its key and references, per
 * trajectory one (offset, length) reference — proportional to the number of trajectories, never to their size.
 */
export class DpoPairer {
  private readonly groups = new Map<string, Group>();
  /** The prompts' and remainders' JSON texts; callers that store them elsewhere (worker threads' batches) hand back refs into it. */
  readonly store = new SpillStore();
  /** The stored prompt (and tools) texts of each prompt digest. */
  private readonly prompts = new Map<string, { prompt: SpillRef; tools: SpillRef | undefined }>();
  /** With lastPerInstancePerFile: the trajectory each (file, instance) currently contributes. */
  private readonly latest = new Map<string, { list: SpillRef[]; ref: SpillRef }>();

  /**
   * `remainderJson` turns a stored remainder into its JSON text (for remainders stored in another form by
   * {@link addStored}'s caller; JSON stored by {@link add} passes through).
   */
  constructor(
    private readonly pairsPerInstance: number | undefined,
    private readonly seed: number,
    private readonly lastPerInstancePerFile = false,
    private readonly remainderJson: (stored: Buffer) => Buffer = (stored) => stored,
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
    const promptJson = JSON.stringify(prompt);
    const digest = promptDigest(promptJson, tools);
    if (!this.prompts.has(digest)) {
      const toolsRef = tools === null ? undefined : await this.store.put(JSON.stringify(tools));
      this.prompts.set(digest, { prompt: await this.store.put(promptJson), tools: toolsRef });
    }
    this.addStored(instanceId, digest, await this.store.put(JSON.stringify(remainder)), resolved, origin);
  }

  /** Registers the stored prompt (and tools) texts of a prompt digest (see {@link promptDigest}); the first one stays. */
  registerPrompt(digest: string, prompt: SpillRef, tools: SpillRef | undefined): void {
    if (!this.prompts.has(digest)) this.prompts.set(digest, { prompt, tools });
  }

  /**
   * Adds one trajectory whose texts are already stored: `digest` names a registered prompt, `remainder` is the stored
   * `JSON.stringify` of the remaining turns. Same grouping as {@link add}.
   */
  addStored(instanceId: string, digest: string, remainder: SpillRef, resolved: boolean, origin: PairOrigin = { scope: "", file: "" }): void {
    this.supersede(instanceId, origin);
    const key = origin.scope === "" ? `${instanceId}\u0000${digest}` : `${instanceId}\u0000${digest}\u0000${origin.scope}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      const texts = this.prompts.get(digest);
      if (texts === undefined) throw new Error(`DPO prompt ${digest} was not stored before its trajectory`);
      group = { instanceId, prompt: texts.prompt, tools: texts.tools, resolved: [], failed: [] };
      this.groups.set(key, group);
    }
    const list = resolved ? group.resolved : group.failed;
    list.push(remainder);
    if (this.lastPerInstancePerFile) this.latest.set(`${origin.file}\u0000${instanceId}`, { list, ref: remainder });
  }

  /** Pairs possible before sampling, per instance id. */
  possiblePairs(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const group of this.groups.values()) {
      counts.set(group.instanceId, (counts.get(group.instanceId) ?? 0) + group.resolved.length * group.failed.length);
    }
    return counts;
  }

  /** The chosen pairs: all combinations, or `pairsPerInstance` of them sampled with a seed derived from the group. */
  private *pairs(): Generator<{ group: Group; chosen: SpillRef; rejected: SpillRef }> {
    for (const [key, group] of this.groups) {
      const combinations = group.resolved.flatMap((chosen) => group.failed.map((rejected) => ({ chosen, rejected })));
      if (combinations.length === 0) continue;
      const limit = this.pairsPerInstance ?? combinations.length;
      for (const pair of sampleInOrder(combinations, limit, seededRandom(`${this.seed}:${key}`))) yield { group, ...pair };
    }
  }

  /**
   * Yields each row as its JSON text (exactly `JSON.stringify(row)` of a {@link DpoRow}, composed from the spilled texts
   * without parsing them).
   */
  async *pairRows(): AsyncGenerator<string> {
    for await (const parts of this.pairRowParts()) yield Buffer.concat(parts).toString("utf8");
  }

  /** Each row as the UTF-8 bytes of its JSON text (the same text as {@link pairRows}), in parts to write one after another. */
  async *pairRowParts(): AsyncGenerator<Buffer[]> {
    try {
      let current: { group: Group; prompt: Buffer; tools: Buffer } | undefined;
      for (const { group, chosen, rejected } of this.pairs()) {
        if (current?.group !== group) {
          const tools = group.tools === undefined ? rowParts.end : Buffer.concat([rowParts.tools, this.store.getBytes(group.tools), rowParts.end]);
          current = { group, prompt: this.store.getBytes(group.prompt), tools };
        }
        const chosenJson = this.remainderJson(this.store.getBytes(chosen));
        const rejectedJson = this.remainderJson(this.store.getBytes(rejected));
        yield [rowParts.conversations, current.prompt, rowParts.chosen, chosenJson, rowParts.rejected, rejectedJson, current.tools];
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
