// The writer's side of trajectories.jsonl on real files: torn-tail repair, completed keys (with the duplicate rule),
// serialized appends with secrets masked, and the run lock.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trajectoryRecordSchema } from "../trajectories/record.js";
import { acquireRunLock } from "./run-lock.js";
import { completedRolloutKeys, repairTornTail, TrajectoryWriter } from "./trajectory-writer.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
function tempDir(): string {
  const root = mkdtempSync(join(tmpdir(), "entropo-rollouts-"));
  roots.push(root);
  return root;
}

const record = (instance: string, index: number, extra: Record<string, unknown> = {}) =>
  trajectoryRecordSchema.parse({ trajectory_steps: [], instance_id: instance, rollout_index: index, model: "m", ...extra });

describe("trajectories file", () => {
  it("truncates a torn last line, keeps it aside, and leaves whole lines", async () => {
    const dir = tempDir();
    const file = join(dir, "trajectories.jsonl");
    const whole = JSON.stringify(record("a", 0)) + "\n" + JSON.stringify(record("a", 1)) + "\n";
    writeFileSync(file, whole + '{"trajectory_steps": [], "instance_id": "b", "rollo');
    const repair = await repairTornTail(file);
    expect(repair.truncatedBytes).toBeGreaterThan(0);
    expect(readFileSync(file, "utf8")).toBe(whole);
    expect(readFileSync(repair.savedTo ?? "", "utf8")).toContain('"instance_id": "b"');
    expect([...(await completedRolloutKeys(file))].sort()).toEqual(["a#0", "a#1"]);
    expect((await repairTornTail(file)).truncatedBytes).toBe(0);
  });

  it("names FILE:LINE for a corrupt line in the middle instead of dropping data", async () => {
    const dir = tempDir();
    const file = join(dir, "trajectories.jsonl");
    writeFileSync(file, JSON.stringify(record("a", 0)) + "\n{broken\n" + JSON.stringify(record("a", 1)) + "\n");
    await expect(completedRolloutKeys(file)).rejects.toThrow(`${file}:2`);
  });

  it("appends concurrent records as whole lines with secrets masked", async () => {
    const dir = tempDir();
    const file = join(dir, "t.jsonl");
    const writer = new TrajectoryWriter(file, ["sk-test-SECRET-abcdef"]);
    await Promise.all(Array.from({ length: 20 }, (_, index) => writer.append(record("x", index, { test_output: "key sk-test-SECRET-abcdef here" }))));
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(20);
    expect(new Set(lines.map((line) => (JSON.parse(line) as { rollout_index: number }).rollout_index)).size).toBe(20);
    expect(readFileSync(file, "utf8")).not.toContain("SECRET");
  });

  it("refuses to resume past a rollout recorded twice or a line without its key, naming the line", async () => {
    const dir = tempDir();
    const file = join(dir, "trajectories.jsonl");
    writeFileSync(file, [record("a", 0), record("a", 1), record("a", 0)].map((one) => JSON.stringify(one) + "\n").join(""));
    await expect(completedRolloutKeys(file)).rejects.toThrow(`${file}:3: field rollout_index: rollout a#0 is recorded twice (first on line 1)`);
    writeFileSync(file, JSON.stringify({ instance_id: "a" }) + "\n");
    await expect(completedRolloutKeys(file)).rejects.toThrow(`${file}:1: field rollout_index`);
  });
});

describe("run lock", () => {
  it("refuses a second live runner and takes over a dead one's lock", async () => {
    const dir = tempDir();
    const release = await acquireRunLock(dir);
    await expect(acquireRunLock(join(dir))).resolves.toBeTypeOf("function"); // same pid: re-entrant takeover
    await release();
    writeFileSync(join(dir, ".lock"), "1"); // pid 1 is alive (init)
    await expect(acquireRunLock(dir)).rejects.toThrow(/in use by process 1/);
    writeFileSync(join(dir, ".lock"), "999999999");
    const again = await acquireRunLock(dir);
    await again();
    expect(readdirSync(dir)).not.toContain(".lock");
  });
});
