// Stage kind `rollout`: N rollouts per task against a URL, a policy served for the stage by LLaMA-Factory, or the scripted teacher.
import { join } from "node:path";
import type { PipelineEvent } from "../../core/events.js";
import { resolveRolloutOptions, type RolloutOptionValues } from "../../rollouts/rollout-options.js";
import { rolloutFromOptions } from "../../rollouts/rollout-from-options.js";
import { startPolicyServer } from "../../training/serve-policy.js";
import { rolloutSettings } from "../stage-settings.js";
import type { StageContext } from "../stage-runner.js";

/** `entropo rollout`'s options of the stage (the same schema as the flags), paths relative to the pipeline file. */
function stageValues(context: StageContext, values: RolloutOptionValues): RolloutOptionValues {
  const tasks = values.tasks === "builtin" || values.tasks.includes(":") ? values.tasks : context.resolvePath(values.tasks);
  return { ...values, tasks, out: context.resolvePath(values.out), ...(values.prompts === undefined ? {} : { prompts: context.resolvePath(values.prompts) }) };
}

/** Runs the rollouts; with `serve`, starts LLaMA-Factory's API server for the checkpoint first and stops it after. */
export async function* runRolloutStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = rolloutSettings(context.stage.with, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  const values = stageValues(context, settings.values);
  const serve = settings.serve;
  if (serve === undefined) {
    yield* rolloutFromOptions(resolveRolloutOptions(values), context.signal);
    return;
  }
  yield { type: "log", level: "info", message: `starting LLaMA-Factory API server for ${serve.adapter ?? serve.model}`, source: context.stage.name };
  const server = await startPolicyServer({
    model: context.resolvePath(serve.model),
    ...(serve.adapter === undefined ? {} : { adapter: context.resolvePath(serve.adapter) }),
    template: serve.template,
    workDir: join(values.out, "policy-server"),
    servedName: values.model ?? "policy",
    ...(serve.max_new_tokens === undefined ? {} : { maxNewTokens: serve.max_new_tokens }),
    signal: context.signal,
  });
  try {
    yield { type: "log", level: "info", message: `policy served at ${server.url}`, source: context.stage.name };
    const trainDir = serve.adapter === undefined ? {} : { trainDir: context.resolvePath(serve.adapter) };
    yield* rolloutFromOptions(resolveRolloutOptions({ ...values, llmUrl: server.url, model: server.model, ...trainDir }), context.signal);
  } finally {
    await server.close();
  }
}
