// Turns parsed `entropo verify` options into verifyRuns options: loads the tasks, the sandboxes, the judge's client
// and the tokenizer (shared by `entropo verify` and the pipeline's verify stage).
import { randomUUID } from "node:crypto";
import { loadTokenCounter } from "../datasets/token-counter.js";
import type { LlmClient } from "../llm/llm-client.js";
import { createOpenAiClient } from "../llm/openai-client.js";
import { createDockerSandboxFactory } from "../sandbox/docker-sandbox.js";
import type { SandboxFactory } from "../sandbox/sandbox.js";
import { loadTasks } from "../tasks/load-tasks.js";
import { defaultSwebenchGrading } from "../tasks/swebench-version.js";
import type { VerifyOptions } from "./verify-options.js";
import type { VerifyRunsOptions } from "./verify-runs.js";

/** An OpenAI-compatible endpoint serving a model; the API key stays in the named environment variable. */
export type LlmEndpoint = { baseUrl: string; model: string; apiKeyEnv: string };

/** The outside systems verify talks to; absent: the real ones (the OpenAI-compatible client, Docker sandboxes). */
export type VerifyBoundaries = {
  /** The judge's client for an endpoint. */
  llmClient?: (endpoint: LlmEndpoint) => LlmClient;
  /** The regression tests' sandboxes, labelled with the run id. */
  sandboxFactory?: (runId: string) => SandboxFactory;
};

/** verifyRuns options for `options` (checked by verify-options.ts: a signal's companions are present). */
export async function verifyRunsOptions(options: VerifyOptions, signal: AbortSignal, boundaries: VerifyBoundaries = {}): Promise<VerifyRunsOptions> {
  const parsed: VerifyRunsOptions = { runs: options.runs, signal };
  if (options.regression === true && options.tasks !== undefined) {
    const swebenchGrading = { mode: options.grading ?? defaultSwebenchGrading.mode, version: options.swebenchVersion ?? defaultSwebenchGrading.version };
    const tasks = new Map((await loadTasks(options.tasks, { swebenchGrading })).map((task) => [task.id, task]));
    const runId = `verify-${randomUUID().slice(0, 8)}`;
    parsed.regression = {
      tasks,
      factory: boundaries.sandboxFactory?.(runId) ?? createDockerSandboxFactory({ runId }),
      runId,
      timeoutSeconds: options.regressionTimeout,
      concurrency: options.regressionConcurrency,
      patchMode: options.patchMode,
    };
  }
  if (options.verifierUrl !== undefined && options.verifierModel !== undefined) {
    const counter = await loadTokenCounter(options.tokenizer);
    const endpoint: LlmEndpoint = { baseUrl: options.verifierUrl, model: options.verifierModel, apiKeyEnv: options.apiKeyEnv };
    parsed.verifier = {
      client: boundaries.llmClient?.(endpoint) ?? createOpenAiClient(endpoint),
      countTokens: (text) => counter.count(text),
      maxPromptTokens: options.maxPromptTokens,
      concurrency: options.verifierConcurrency,
    };
  }
  return parsed;
}
