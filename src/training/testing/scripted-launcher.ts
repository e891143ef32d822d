// The TrainerLauncher test double: replays a script recorded from a real run (trainer-script.ts) so train()'s event
// logic runs without Python; the real launcher beside it (launcher.ts) is tested in train.python.test.ts.
import { appendFile } from "node:fs/promises";
import type { LaunchRequest, TrainerLauncher } from "../launcher.js";
import type { StackVersions } from "../python-env.js";
import { PythonTrainingError, trainerDiedError } from "../trainer-errors.js";
import type { LauncherMessage } from "../trainer-messages.js";
import { projectRoot } from "../../util/paths.js";
import { outputDirPlaceholder, projectRootPlaceholder, replacePaths, type ScriptLine } from "./trainer-script.js";

/** A launcher that replays `script`, and the requests it received. */
export type ScriptedLauncher = TrainerLauncher & { readonly requests: LaunchRequest[] };

/**
 * Replays the script's lines in order ($OUTPUT_DIR → the request's output directory, $PROJECT_ROOT → this checkout; output lines also appended to
 * its log file, as the real trainer's are). `error` rejects with PythonTrainingError, `died` with TrainerDiedError.
 * Once the request's signal is aborted it stops as entropo_trainer's stop callback does: at the next logged step it
 * saves that step's checkpoint and finishes with `interrupted: true`.
 */
export function scriptedLauncher(script: readonly ScriptLine[]): ScriptedLauncher {
  const requests: LaunchRequest[] = [];
  const stack = script.find((line) => line.type === "stack");
  return {
    requests,
    checkStack(): Promise<StackVersions> {
      return Promise.resolve(stack?.type === "stack" ? stack.versions : { python: "scripted", entropo_trainer: true });
    },
    launch(request) {
      requests.push(request);
      return replay(script, request);
    },
  };
}

async function* replay(script: readonly ScriptLine[], request: LaunchRequest): AsyncGenerator<LauncherMessage> {
  for (const raw of script) {
    const line = replacePaths(raw, [[outputDirPlaceholder, request.outputDir], [projectRootPlaceholder, projectRoot()]]);
    if (line.type === "stack") continue;
    if (line.type === "output") await appendFile(request.logFile, `${line.line}\n`);
    if (line.type === "error") throw new PythonTrainingError(line.errorType, line.message, line.traceback, request.logFile);
    if (line.type === "died") throw trainerDiedError(line.process, line.code, line.signal, request.logFile);
    yield line;
    if (line.type === "finished") return;
    if (line.type === "metrics" && request.signal?.aborted === true) {
      yield { type: "checkpoint", step: line.step, path: `${request.outputDir}/checkpoint-${line.step}` };
      yield { type: "finished", steps: line.step, interrupted: true };
      return;
    }
  }
}
