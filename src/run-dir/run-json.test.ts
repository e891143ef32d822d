// run.json on real files: what `entropo rollout` writes is what the report reads; resume checks; old training records.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkResumable, readRunJson, readRunJsonIfPresent, safeUrl, writeRunJson, type RolloutRunJson } from "./run-json.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
function tempDir(): string {
  const root = mkdtempSync(join(tmpdir(), "entropo-run-json-"));
  roots.push(root);
  return root;
}

describe("run.json", () => {
  it("stores no credentials and refuses to resume with another model", async () => {
    expect(safeUrl("http://user:pw@host:8000/v1?key=abc")).toBe("http://host:8000/v1");
    const dir = tempDir();
    const file = join(dir, "run.json");
    const manifest: RolloutRunJson = {
      run_id: "r",
      model: "m1",
      agent_kind: "llm",
      stage: "base",
      benchmark: "b",
      run_index: 0,
      llm_url: null,
      sampling: { temperature: 0.7, top_p: null, top_k: null, max_tokens: null, seed: null },
      limits: {},
      n: 2,
      total_instances: 1,
      created_at: "now",
      updated_at: "now",
    };
    await writeRunJson(dir, manifest, []);
    const loaded = await readRunJsonIfPresent(dir);
    expect(loaded?.model).toBe("m1");
    expect(() => checkResumable(file, manifest, { ...manifest, model: "m2" })).toThrow(/field model/);
    expect(() => checkResumable(file, manifest, { ...manifest, sampling: { ...manifest.sampling, temperature: 1 } })).toThrow(/sampling.temperature/);
    writeFileSync(file, JSON.stringify({ ...manifest, n: "two" }));
    await expect(readRunJsonIfPresent(dir)).rejects.toThrow(/field n/);
  });

  it("reads a hand-written run.json with only the four required fields, and names a missing one", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "run.json"), JSON.stringify({ model: "m", stage: "sft", benchmark: "b", run_index: 0, label: "mine" }));
    expect(await readRunJson(dir)).toEqual({ model: "m", stage: "sft", benchmark: "b", run_index: 0, label: "mine" });
    writeFileSync(join(dir, "run.json"), JSON.stringify({ model: "m", benchmark: "b", run_index: 0 }));
    await expect(readRunJson(dir)).rejects.toThrow(`${join(dir, "run.json")}: field stage`);
    expect(await readRunJsonIfPresent(tempDir())).toBeNull();
    await expect(readRunJson(join(dir, "nothing"))).rejects.toThrow(/has no run.json/);
  });

  it("refuses a benchmark of zero instances, on write and on read alike", async () => {
    const dir = tempDir();
    const empty = { model: "m", stage: "s", benchmark: "b", run_index: 0, run_id: "r", agent_kind: "llm", llm_url: null, sampling: { temperature: null, top_p: null, top_k: null, max_tokens: null, seed: null }, limits: {}, n: 1, total_instances: 0, created_at: "t", updated_at: "t" } as const;
    await expect(writeRunJson(dir, empty, [])).rejects.toThrow(/field total_instances/);
    writeFileSync(join(dir, "run.json"), JSON.stringify(empty));
    await expect(readRunJson(dir)).rejects.toThrow(/field total_instances/);
  });

  it("says that an old training record named run.json is no rollout run", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "run.json"), JSON.stringify({ runId: "x", command: "train", status: "finished", steps: 4 }));
    const error = await readRunJson(dir).catch((caught: unknown) => caught as Error);
    expect(error.message).toContain("record of an `entropo train` output directory");
    expect(error.message).toContain("entropo-train.json");
  });
});
