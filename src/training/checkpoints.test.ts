// Which checkpoint-N directories count as complete (the one --resume takes): only those with trainer_state.json.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeCheckpoints } from "./checkpoints.js";

describe("completeCheckpoints", () => {
  it("maps the step of each checkpoint-N holding trainer_state.json to its path, ignoring partial and other folders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entropo-checkpoints-"));
    for (const name of ["checkpoint-2", "checkpoint-10", "checkpoint-12", "checkpoint-x", "runs"]) mkdirSync(join(dir, name));
    for (const name of ["checkpoint-2", "checkpoint-10", "checkpoint-x", "runs"]) writeFileSync(join(dir, name, "trainer_state.json"), "{}");
    expect([...(await completeCheckpoints(dir))].sort((a, b) => a[0] - b[0])).toEqual([[2, join(dir, "checkpoint-2")], [10, join(dir, "checkpoint-10")]]);
    expect((await completeCheckpoints(join(dir, "missing"))).size).toBe(0);
  });
});
