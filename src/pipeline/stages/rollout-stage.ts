// Stage kind `rollout`: N rollouts per task against a URL, a policy served for the stage by LLaMA-Factory, or the scripted teacher.
import { join } from "node:path";
import { z } from "zod";
import type { PipelineEvent } from "../../core/events.js";
import { InputError } from "../../core/errors.js";
import { parseWithSchema } from "../../util/jsonl.js";
import { resolveRolloutOptions, rolloutOptionsFromSettings, type RolloutOptionValues } from "../../rollouts/rollout-options.js";
import { rolloutFromOptions } from "../../rollouts/rollout-from-options.js";
import { startPolicyServer } from "../../training/serve-policy.js";
import type { StageContext } from "../stage-runner.js";

/** The stage's own setting: serve the policy for the stage (LLaMA-Factory's API server) instead of an llm_url. */
const serveSchema = z.strictObject({ model: z.string(), adapter: z.string().optional(), template: z.string(), max_new_tokens: z.number().int().positive().optional() });

/** `entropo rollout`'s options from the stage's settings (the same schema as the flags), paths relative to the pipeline file. */
function stageValues(context: StageContext, settings: Record<string, unknown>): RolloutOptionValues {
  const values = rolloutOptionsFromSettings(settings, { file: context.pipeline.file, field: `stages.${context.stage.name}.with` });
  const tasks = values.tasks === "builtin" || values.tasks.includes(":") ? values.tasks : context.resolvePath(values.tasks);
  return { ...values, tasks, out: context.resolvePath(values.out), ...(values.prompts === undefined ? {} : { prompts: context.resolvePath(values.prompts) }) };
}

/** Runs the rollouts; with `serve`, starts LLaMA-Factory's API server for the checkpoint first and stops it after. */
export async function* runRolloutStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const { serve: serveSetting, ...settings } = context.stage.with;
  const field = `stages.${context.stage.name}.with`;
  const policies = [settings.teacher, settings.llm_url, serveSetting].filter((policy) => policy !== undefined).length;
  if (policies !== 1) {
    throw new InputError(`stage ${context.stage.name} needs exactly one policy: teacher, llm_url (with model) or serve`, { file: context.pipeline.file, field });
  }
  const values = stageValues(context, settings);
  if (serveSetting === undefined) {
    yield* rolloutFromOptions(resolveRolloutOptions(values), context.signal);
    return;
  }
  const { serve } = parseWithSchema(z.object({ serve: serveSchema }), { serve: serveSetting }, { file: context.pipeline.file });
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
