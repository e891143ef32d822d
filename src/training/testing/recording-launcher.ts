// Records what a launcher yields (the real one: launcher.ts) as a trainer script for the scripted launcher to replay.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { TrainerLauncher } from "../launcher.js";
import { PythonTrainingError, TrainerDiedError } from "../trainer-errors.js";
import { projectRoot } from "../../util/paths.js";
import { outputDirPlaceholder, projectRootPlaceholder, replacePaths, type ScriptLine } from "./trainer-script.js";

/** Wraps `inner`; after each launch `lines` holds the run as a script, written to `file` when one is given. */
export function recordingLauncher(inner: TrainerLauncher, file?: string): TrainerLauncher & { lines: ScriptLine[] } {
  const lines: ScriptLine[] = [];
  return {
    lines,
    async checkStack(python) {
      const versions = await inner.checkStack(python);
      lines.push({ type: "stack", versions });
      return versions;
    },
    async *launch(request) {
      const keep = (line: ScriptLine) => lines.push(replacePaths(line, [[request.outputDir, outputDirPlaceholder], [projectRoot(), projectRootPlaceholder]]));
      try {
        for await (const message of inner.launch(request)) {
          keep(message);
          yield message;
        }
      } catch (error) {
        if (error instanceof PythonTrainingError) keep({ type: "error", errorType: error.pythonType, message: error.pythonMessage, traceback: error.pythonTraceback });
        if (error instanceof TrainerDiedError) keep({ type: "died", process: error.process, code: error.processExitCode, signal: error.processSignal });
        throw error;
      } finally {
        if (file !== undefined) {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
        }
      }
    },
  };
}
