// The JSONL format of a recorded training run (what a launcher yielded, in order), shared by the recording launcher
// that writes it from a real run and the scripted launcher that replays it.
import { z } from "zod";
import { readJsonl } from "../../util/jsonl.js";
import { trainerMessageSchema } from "../trainer-messages.js";

/** Stands for the run's output directory in a script (recorded runs ran in temp directories). */
export const outputDirPlaceholder = "$OUTPUT_DIR";
/** Stands for the checkout the run was recorded in (Python tracebacks name its files). */
export const projectRootPlaceholder = "$PROJECT_ROOT";

/** One line of a script: a launcher message, the stack's versions, or the trainer process dying. */
export const scriptLineSchema = z.union([
  trainerMessageSchema,
  z.object({ type: z.literal("output"), line: z.string() }),
  z.object({ type: z.literal("stack"), versions: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])) }),
  z.object({ type: z.literal("died"), process: z.string(), code: z.number().int().nullable(), signal: z.string().nullable() }),
]);
export type ScriptLine = z.infer<typeof scriptLineSchema>;

/** Reads a script file; errors name its file, line and field. */
export async function readTrainerScript(file: string): Promise<ScriptLine[]> {
  const lines: ScriptLine[] = [];
  for await (const { record } of readJsonl(file, scriptLineSchema)) lines.push(record);
  return lines;
}

/** Replaces, in the string values of `line`, each key of `paths` by its value (paths ↔ placeholders, in order). */
export function replacePaths<T>(line: T, paths: readonly (readonly [string, string])[]): T {
  const escaped = (text: string) => JSON.stringify(text).slice(1, -1);
  let text = JSON.stringify(line);
  for (const [from, to] of paths) text = text.split(escaped(from)).join(escaped(to));
  return JSON.parse(text) as T;
}

/** The fixture scripts recorded from real runs of the tiny configs (train.python.test.ts re-records and compares). */
export function trainerScriptFixture(name: "tiny-sft-bridge" | "python-error" | "killed" | "aborted"): string {
  return new URL(`./fixtures/${name}.jsonl`, import.meta.url).pathname;
}

/** A script's course without its output lines and values: message kinds with steps, metric names, how it ended. */
export function scriptShape(lines: readonly ScriptLine[]): string[] {
  return lines.flatMap((line): string[] => {
    switch (line.type) {
      case "begin":
        return [`begin ${line.step}/${line.totalSteps}`];
      case "metrics":
        return [`metrics ${line.step}/${line.totalSteps} ${Object.keys(line.metrics).sort().join(",")}`];
      case "checkpoint":
        return [`checkpoint ${line.step}`];
      case "finished":
        return [`finished ${line.steps}${line.interrupted ? " interrupted" : ""}`];
      case "error":
        return [`error ${line.errorType}`];
      case "died":
        return [`died ${line.process} ${line.signal ?? String(line.code)}`];
      default:
        return [];
    }
  });
}
