// The training record: entropo-train.json through its schema; an older entropo's run.json is still read as one, and a
// rollout run's run.json never is.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeBrokenJson } from "../testing/broken-json.js";
import { readTrainRecord, trainRecordFile, writeTrainRecord, type TrainRecord } from "./train-record.js";

const record: TrainRecord = {
  runId: "r1", command: "train", configFile: "/c.yaml", resolvedConfig: "/o/entropo-config.yaml", launcher: "bridge",
  nproc: 1, nnodes: 1, nodeRank: 0, seed: 42, resumedFrom: null, entropo: { stage: "kto", entro_alpha: 0.11, pref_beta: 0.1, entropo_kto_form: "paper", multi_turn_kto: true },
  versions: { entropo: "0.1.0", torch: "2.9.1", entropo_trainer: true }, startedAt: "2025-01-01T00:00:00.000Z", endedAt: null,
  status: "running", steps: null, loss: null, error: null,
};

describe("training record", () => {
  it("is written as entropo-train.json and read back through its schema", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entropo-train-record-"));
    await writeTrainRecord(dir, record);
    expect(await readTrainRecord(dir)).toEqual(record);
    await expect(writeTrainRecord(dir, { ...record, status: "done" as TrainRecord["status"] })).rejects.toThrow(`${join(dir, trainRecordFile)}: field status`);
  });

  it("reads an older entropo's run.json record (no loss field), but not a rollout run's run.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entropo-train-record-"));
    expect(await readTrainRecord(dir)).toBeNull();
    writeFileSync(join(dir, "run.json"), JSON.stringify({ model: "m", stage: "sft", benchmark: "b", run_index: 0 }));
    expect(await readTrainRecord(dir)).toBeNull();
    const { loss: _loss, ...legacy } = { ...record, status: "finished", steps: 4 };
    writeFileSync(join(dir, "run.json"), JSON.stringify(legacy));
    expect(await readTrainRecord(dir)).toEqual({ ...legacy, loss: null });
  });

  it("names the file, line and column of a syntax error in entropo-train.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entropo-train-record-"));
    const expected = writeBrokenJson(join(dir, trainRecordFile));
    await expect(readTrainRecord(dir)).rejects.toThrow(expected);
  });
});
