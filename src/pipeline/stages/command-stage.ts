// Stage kind `command`: runs an argv (e.g. `${python} -m entropo_trainer make-tiny-model DIR`) and streams its output as logs.
import { execa } from "execa";
import type { PipelineEvent } from "../../core/events.js";
import { commandSettings } from "../stage-settings.js";
import type { StageContext } from "../stage-runner.js";

/** Runs the stage's command; a non-zero exit fails the stage with the last output lines. */
export async function* runCommandStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = commandSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  const [program, ...args] = settings.run as [string, ...string[]];
  const child = execa(program, args, {
    cwd: context.resolvePath(settings.cwd ?? "."),
    env: { HF_HUB_OFFLINE: "1", DISABLE_VERSION_CHECK: "1", ...settings.env },
    cancelSignal: context.signal,
    all: true,
    reject: false,
    forceKillAfterDelay: 3000,
  });
  const tail: string[] = [];
  for await (const line of child.iterable({ from: "all" })) {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    yield { type: "log", level: "info", message: line, source: context.stage.name };
  }
  const result = await child;
  if (result.isCanceled) return;
  if (result.exitCode !== 0) throw new Error(`command ${settings.run.join(" ")} exited with ${result.exitCode}:\n${tail.join("\n")}`);
}
