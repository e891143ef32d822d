// `entropo predictions` on real files: R2E's true_output_patch, one prediction per task, missing rollouts named.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trajectoryRecordSchema } from "../trajectories/record.js";
import { editorPaths, trueOutputPatch } from "../trajectories/clean-patch.js";
import { writePredictions } from "./predictions.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
function tempDir(): string {
  const root = mkdtempSync(join(tmpdir(), "entropo-predictions-"));
  roots.push(root);
  return root;
}

const record = (instance: string, index: number, extra: Record<string, unknown> = {}) =>
  trajectoryRecordSchema.parse({ trajectory_steps: [], instance_id: instance, rollout_index: index, model: "m", ...extra });

const diffOf = (path: string, body: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n${body}\n`;
const editStep = (command: string, path: string) => ({
  step_idx: 0,
  thought: "",
  action: `<function=file_editor>\n  <parameter=command>${command}</parameter>\n  <parameter=path>${path}</parameter>\n</function>`,
  observation: "",
  done: false,
  step_count: 1,
});

describe("predictions", () => {
  it("keeps only .py files edited with str_replace (R2E true_output_patch)", () => {
    const patch = diffOf("pkg/a.py", "-x\n+y") + diffOf("reproduce_issue.py", "-p\n+q") + diffOf("README.md", "-r\n+s");
    const rec = record("i", 0, { output_patch: patch, trajectory_steps: [editStep("str_replace", "/testbed/pkg/a.py"), editStep("create", "/testbed/reproduce_issue.py")] });
    expect([...editorPaths(rec.trajectory_steps, "str_replace")]).toEqual(["pkg/a.py"]);
    expect(trueOutputPatch(rec)).toBe(diffOf("pkg/a.py", "-x\n+y"));
    const noEdits = record("i", 0, { output_patch: patch });
    expect(trueOutputPatch(noEdits)).toBe(diffOf("pkg/a.py", "-x\n+y") + diffOf("reproduce_issue.py", "-p\n+q"));
  });

  it("writes one prediction per task for the chosen rollout and warns about missing ones", async () => {
    const dir = tempDir();
    const file = join(dir, "trajectories.jsonl");
    for (const [instance, index, patch] of [["t1", 0, "P0"], ["t1", 1, "P1"], ["t2", 0, "Q0"]] as const) {
      appendFileSync(file, JSON.stringify(record(instance, index, { output_patch: diffOf(`${patch}.py`, "-a\n+b") })) + "\n");
    }
    const out = join(dir, "preds.jsonl");
    const events = [];
    for await (const event of writePredictions({ runs: [dir], out, rolloutIndex: 1 })) events.push(event);
    const predictions = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, string>);
    expect(predictions).toEqual([{ instance_id: "t1", model_name_or_path: "m", model_patch: diffOf("P1.py", "-a\n+b") }]);
    expect(events.some((event) => event.type === "log" && event.message.includes("t2"))).toBe(true);
    await expect(async () => {
      for await (const _ of writePredictions({ runs: [join(dir, "missing")], out })) void _;
    }).rejects.toThrow(/no trajectories file/);
  });
});
