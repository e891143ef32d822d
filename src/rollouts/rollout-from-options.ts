// Turns parsed `entropo rollout` options into a run: load the tasks, build the policy client, run the rollouts.
import { resolve } from "node:path";
import { loadAgentPrompts } from "../agent/load-prompts.js";
import type { PipelineEvent } from "../core/events.js";
import type { LlmClient } from "../llm/llm-client.js";
import { createOpenAiClient } from "../llm/openai-client.js";
import { scriptedTeacherForTasks } from "../llm/scripted-teacher.js";
import type { ParsedRolloutOptions } from "./rollout-options.js";
import { loadTasks } from "../tasks/load-tasks.js";
import { benchmarkName } from "./benchmark-name.js";
import { runRollouts } from "./run-rollouts.js";

/** Runs the rollouts described by the options (shared by `entropo rollout` and the pipeline's rollout stage). */
export async function* rolloutFromOptions(options: ParsedRolloutOptions, signal: AbortSignal): AsyncGenerator<PipelineEvent> {
  const tasks = await loadTasks(options.tasks, {
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.swebenchImages === undefined ? {} : { swebenchImages: options.swebenchImages }),
    ...(options.swebenchGrading === undefined ? {} : { swebenchGrading: options.swebenchGrading }),
  });
  const llm: LlmClient =
    options.teacher === "scripted"
      ? scriptedTeacherForTasks(tasks)
      : createOpenAiClient({
          baseUrl: options.llmUrl ?? "",
          model: options.model,
          apiKeyEnv: options.apiKeyEnv,
          maxRetries: options.maxRetries,
          ...(options.limits.maxLlmTimeSeconds === undefined ? {} : { timeoutMs: options.limits.maxLlmTimeSeconds * 1000 }),
        });
  yield* runRollouts({
    tasks,
    llm,
    n: options.n,
    concurrency: options.concurrency,
    outDir: resolve(options.out),
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    limits: options.limits,
    sampling: options.sampling,
    model: options.model,
    ...(options.llmUrl === null ? {} : { llmUrl: options.llmUrl }),
    agentKind: options.teacher === "scripted" ? "scripted-teacher" : "llm",
    benchmark: options.benchmark ?? benchmarkName(options.tasks),
    ...(options.stage === undefined ? {} : { stage: options.stage }),
    ...(options.runIndex === undefined ? {} : { runIndex: options.runIndex }),
    ...(options.gradeTimeoutSeconds === undefined ? {} : { gradeTimeoutSeconds: options.gradeTimeoutSeconds }),
    ...(options.trainDir === undefined ? {} : { trainDir: resolve(options.trainDir) }),
    ...(options.promptsFile === undefined ? {} : { prompts: await loadAgentPrompts(options.promptsFile) }),
    signal,
  });
}
