// Stage kind `rollout`: N rollouts per task against a URL, a policy served for the stage by LLaMA-Factory, or the scripted teacher.
import { join } from "node:path";
import { z } from "zod";
import { swebenchVersions } from "../../tasks/swebench-version.js";
import type { PipelineEvent } from "../../core/events.js";
import { InputError } from "../../core/errors.js";
import { parseWithSchema } from "../../util/jsonl.js";
import { withoutUndefined } from "../../core/options.js";
import { parseRolloutOptions, type RawRolloutOptions } from "../../rollouts/rollout-options.js";
import { rolloutFromOptions } from "../../rollouts/rollout-from-options.js";
import { startPolicyServer } from "../../training/serve-policy.js";
import type { StageContext } from "../stage-runner.js";

const scalar = z.union([z.string(), z.number()]).transform(String);
const settingsSchema = z.strictObject({
  tasks: z.string(),
  out: z.string(),
  n: scalar.default("1"),
  concurrency: scalar.default("1"),
  limit: scalar.optional(),
  ids: z.string().optional(),
  llm_url: z.string().optional(),
  model: z.string().optional(),
  teacher: z.literal("scripted").optional(),
  serve: z
    .strictObject({ model: z.string(), adapter: z.string().optional(), template: z.string(), max_new_tokens: z.number().int().positive().optional() })
    .optional(),
  max_steps: scalar.optional(),
  max_steps_absolute: scalar.optional(),
  temperature: scalar.optional(),
  top_p: scalar.optional(),
  top_k: scalar.optional(),
  max_tokens: scalar.optional(),
  seed: scalar.optional(),
  stage: z.string().optional(),
  benchmark: z.string().optional(),
  run_index: scalar.optional(),
  api_key_env: z.string().default("OPENAI_API_KEY"),
  prompts: z.string().optional(),
  swebench_images: z.enum(["swebench", "r2e"]).optional(),
  grading: z.enum(["swebench", "lenient"]).optional(),
  swebench_version: z.enum(swebenchVersions).optional(),
});
type Settings = z.infer<typeof settingsSchema>;

/** The same raw options `entropo rollout` parses, from the stage's snake_case settings. */
function rawOptions(settings: Settings, resolvePath: (path: string) => string, policy: { llmUrl?: string; model?: string }): RawRolloutOptions {
  const optional = {
    limit: settings.limit,
    ids: settings.ids,
    maxSteps: settings.max_steps,
    maxStepsAbsolute: settings.max_steps_absolute,
    temperature: settings.temperature,
    topP: settings.top_p,
    topK: settings.top_k,
    maxTokens: settings.max_tokens,
    seed: settings.seed,
    stage: settings.stage,
    benchmark: settings.benchmark,
    runIndex: settings.run_index,
    teacher: settings.teacher,
    llmUrl: policy.llmUrl,
    model: policy.model,
    prompts: settings.prompts === undefined ? undefined : resolvePath(settings.prompts),
    swebenchImages: settings.swebench_images,
    grading: settings.grading,
    swebenchVersion: settings.swebench_version,
  };
  const tasks = settings.tasks === "builtin" || settings.tasks.includes(":") ? settings.tasks : resolvePath(settings.tasks);
  return { tasks, out: resolvePath(settings.out), n: settings.n, concurrency: settings.concurrency, apiKeyEnv: settings.api_key_env, maxRetries: "5", ...withoutUndefined(optional) };
}

/** Runs the rollouts; with `serve`, starts LLaMA-Factory's API server for the checkpoint first and stops it after. */
export async function* runRolloutStage(context: StageContext): AsyncGenerator<PipelineEvent> {
  const settings = parseWithSchema(settingsSchema, context.stage.with, { file: context.pipeline.file });
  const policies = [settings.teacher, settings.llm_url, settings.serve].filter((policy) => policy !== undefined).length;
  if (policies !== 1) {
    throw new InputError(`stage ${context.stage.name} needs exactly one policy: teacher, llm_url (with model) or serve`, {
      file: context.pipeline.file,
      field: `stages.${context.stage.name}.with`,
    });
  }
  if (settings.serve === undefined) {
    const policy = settings.llm_url === undefined ? {} : { llmUrl: settings.llm_url, ...(settings.model === undefined ? {} : { model: settings.model }) };
    yield* rolloutFromOptions(parseRolloutOptions(rawOptions(settings, context.resolvePath, policy)), context.signal);
    return;
  }
  const serve = settings.serve;
  yield { type: "log", level: "info", message: `starting LLaMA-Factory API server for ${serve.adapter ?? serve.model}`, source: context.stage.name };
  const server = await startPolicyServer({
    model: context.resolvePath(serve.model),
    ...(serve.adapter === undefined ? {} : { adapter: context.resolvePath(serve.adapter) }),
    template: serve.template,
    workDir: join(context.resolvePath(settings.out), "policy-server"),
    servedName: settings.model ?? "policy",
    ...(serve.max_new_tokens === undefined ? {} : { maxNewTokens: serve.max_new_tokens }),
    signal: context.signal,
  });
  try {
    yield { type: "log", level: "info", message: `policy served at ${server.url}`, source: context.stage.name };
    const raw = rawOptions(settings, context.resolvePath, { llmUrl: server.url, model: server.model });
    const trainDir = serve.adapter === undefined ? {} : { trainDir: context.resolvePath(serve.adapter) };
    yield* rolloutFromOptions(parseRolloutOptions({ ...raw, ...trainDir }), context.signal);
  } finally {
    await server.close();
  }
}
