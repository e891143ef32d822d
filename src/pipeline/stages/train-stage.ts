// Stage kind `train`: LLaMA-Factory + EntroPO training of a config (with overrides); an interrupted stage resumes from its checkpoint.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PipelineEvent } from "../../core/events.js";
import { withoutUndefined } from "../../core/options.js";
import { trainOptionsFromSettings } from "../../training/train-options.js";
import { completeCheckpoints } from "../../training/checkpoints.js";
import { loadTrainConfig } from "../../training/train-config.js";
import { train } from "../../training/train.js";
import type { StageContext } from "../stage-runner.js";

const markerName = ".entropo-stage-unfinished";

/** True when an unfinished run of these same settings left a complete checkpoint (the one `--resume` takes). */
async function canResume(outputDir: string, fingerprint: string): Promise<boolean> {
  const marker = join(outputDir, markerName);
  if (!existsSync(marker) || (await readFile(marker, "utf8")) !== fingerprint) return false;
  return (await completeCheckpoints(outputDir)).size > 0;
}

/** Trains; when an interrupted run of the same settings left a checkpoint, continues from it (`--resume`). */
export async function* runTrainStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = trainOptionsFromSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  const config = context.resolvePath(settings.config);
  const { outputDir } = loadTrainConfig(config, settings.set);
  const fingerprint = JSON.stringify(settings);
  const resume = await canResume(outputDir, fingerprint);
  if (resume) yield { type: "log", level: "info", message: `resuming from the last checkpoint in ${outputDir}`, source: context.stage.name };
  await mkdir(outputDir, { recursive: true });
  await writeFile(join(outputDir, markerName), fingerprint);
  yield* train({ ...withoutUndefined(settings), config, resume, signal: context.signal });
  if (!context.signal.aborted) await rm(join(outputDir, markerName), { force: true });
}
