// The checkpoint-N directories a Hugging Face Trainer leaves in output_dir: the complete ones resume a run (both
// launchers, the pipeline's train stage).
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Steps of the checkpoint-N directories that are complete (trainer_state.json written), mapped to their paths. */
export async function completeCheckpoints(outputDir: string): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const entries = await readdir(outputDir).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = /^checkpoint-(\d+)$/.exec(entry);
    if (match && existsSync(join(outputDir, entry, "trainer_state.json"))) found.set(Number(match[1]), join(outputDir, entry));
  }
  return found;
}
