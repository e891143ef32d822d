// The loss form a run trained with (entropo_loss.json beside trainer_log.jsonl) reaches the report's training table.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../core/errors.js";
import { writeBrokenJson } from "../testing/broken-json.js";
import type { MeasuredRun } from "./run-groups.js";
import { describeLoss, readTrainerLog } from "./trainer-log.js";
import { trainingSection } from "./training-section.js";

function logDir(loss: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "entropo-loss-"));
  writeFileSync(join(dir, "trainer_log.jsonl"), `${JSON.stringify({ current_steps: 1, loss: 0.5, z0: 0 })}\n`);
  if (loss !== undefined) writeFileSync(join(dir, "entropo_loss.json"), typeof loss === "string" ? loss : JSON.stringify(loss));
  return dir;
}

const authors = { stage: "kto", loss: "entropo_kto", entro_alpha: 0.11, pref_beta: 0.1, multi_turn_kto: true, entropo_kto_form: "authors" as const };

describe("entropo_loss.json in reports", () => {
  it("reads the loss record and names the form", async () => {
    const log = await readTrainerLog(join(logDir(authors), "trainer_log.jsonl"));
    expect(log.loss).toMatchObject({ entropo_kto_form: "authors", entro_alpha: 0.11 });
    expect(describeLoss(log.loss ?? authors)).toBe("EntroPO-KTO (authors' form)");
    expect(describeLoss({ ...authors, entropo_kto_form: "paper" })).toBe("EntroPO-KTO (paper form)");
    expect(describeLoss({ stage: "dpo", loss: "entropo_dpo", entro_alpha: 0.11, pref_beta: 0.1 })).toBe("EntroPO-DPO");
    expect((await readTrainerLog(join(logDir(undefined), "trainer_log.jsonl"))).loss).toBeUndefined();
  });

  it("shows the form in the training table and rejects a malformed record by file and field", async () => {
    const log = await readTrainerLog(join(logDir(authors), "trainer_log.jsonl"));
    const run = { metadata: { model: "Qwen3-4B", stage: "entropo-kto", entro_alpha: 0.11 }, trainerLog: log } as unknown as MeasuredRun;
    const section = trainingSection([run]);
    expect(section.tables[0]?.rows[0]?.[0]).toBe("Qwen3-4B entropo-kto α=0.11, EntroPO-KTO (authors' form)");
    const bad = logDir({ ...authors, entropo_kto_form: "both" });
    await expect(readTrainerLog(join(bad, "trainer_log.jsonl"))).rejects.toThrow(InputError);
    await expect(readTrainerLog(join(bad, "trainer_log.jsonl"))).rejects.toThrow(/entropo_loss\.json: field entropo_kto_form/);
  });

  it("names the file, line and column of a syntax error in entropo_loss.json", async () => {
    const dir = logDir(undefined);
    const expected = writeBrokenJson(join(dir, "entropo_loss.json"));
    await expect(readTrainerLog(join(dir, "trainer_log.jsonl"))).rejects.toThrow(expected);
  });
});
