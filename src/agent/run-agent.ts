// The agent loop (R2E Agent.run, non-function-calling): Steps Remaining note, LLM call, parse, execute, limits.
import type { LlmClient, LlmMessage, SamplingParams } from "../llm/llm-client.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import type { ExitReason, TrajectoryStep } from "../trajectories/record.js";
import { stepsRemainingNote } from "../trajectories/r2e-messages.js";
import { executeAction } from "./execute-call.js";
import { DEFAULT_AGENT_LIMITS, exitReasonAfterStep, type AgentLimits } from "./limits.js";
import { outputPatch, type OutputPatch } from "./output-patch.js";
import { actionToXml, assistantMessage, parseResponse } from "./parse-response.js";
import { instancePrompt, SYSTEM_PROMPT } from "./prompts.js";

export type { AgentLimits } from "./limits.js";
export { DEFAULT_AGENT_LIMITS } from "./limits.js";

export type AgentOptions = {
  sandbox: Sandbox;
  llm: LlmClient;
  problemStatement: string;
  limits?: Partial<AgentLimits>;
  sampling?: SamplingParams;
  signal?: AbortSignal;
  onStep?: (step: TrajectoryStep, info: { totalTokens: number }) => void;
  /** Replace R2E's prompts (the instance template's `{problem_statement}` is filled). */
  prompts?: { system?: string; instanceTemplate?: string };
};

export type AgentOutcome = {
  steps: TrajectoryStep[];
  /** The exact history the model saw, including the persisted Steps Remaining notes. */
  messages: { role: LlmMessage["role"]; content: string }[];
  exitReason: ExitReason;
  /** The agent ended through a finish/submit call (exit reason agent, max_step_limit or agent_max_step_limit). */
  finished: boolean;
  outputPatch: string;
  /** Junk entries (Python bytecode, test caches) left out of outputPatch. */
  outputPatchDropped: string[];
  /** Sum of usage.total_tokens over all calls. */
  totalTokens: number;
  systemPrompt: string;
  instancePrompt: string;
  error?: string;
};

const FINISH_REASONS: ReadonlySet<ExitReason> = new Set(["agent", "max_step_limit", "agent_max_step_limit"]);

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Races an LLM call against the per-call timeout and the run's abort signal. */
async function queryLlm(options: AgentOptions, messages: LlmMessage[], timeoutSeconds: number) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`LLM call exceeded ${timeoutSeconds}s`)), timeoutSeconds * 1000);
  try {
    return await options.llm.complete(messages, options.sampling, controller.signal);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/** Runs the agent until finish, a limit, cancellation or an LLM error; never throws for LLM or tool failures. */
export async function runAgent(options: AgentOptions): Promise<AgentOutcome> {
  const limits: AgentLimits = { ...DEFAULT_AGENT_LIMITS, ...options.limits };
  const systemPrompt = options.prompts?.system ?? SYSTEM_PROMPT;
  const userPrompt = instancePrompt(options.problemStatement, options.prompts?.instanceTemplate);
  const messages: LlmMessage[] = [
    { role: "system", content: systemPrompt },
    { role: "user", content: userPrompt },
  ];
  const steps: TrajectoryStep[] = [];
  let exitReason: ExitReason | null = null;
  let error: string | undefined;
  let stepCount = 0;
  let totalTokens = 0;
  let totalTimeTraj = 0;

  while (exitReason === null) {
    if (options.signal?.aborted) {
      exitReason = "cancelled";
      break;
    }
    const stepsRemaining = limits.maxSteps - stepCount;
    const last = messages[messages.length - 1];
    if (last) last.content += stepsRemainingNote(stepsRemaining);

    const llmStarted = performance.now();
    let completion;
    try {
      completion = await queryLlm(options, messages.map((message) => ({ ...message })), limits.maxLlmTimeSeconds);
    } catch (caught) {
      exitReason = options.signal?.aborted ? "cancelled" : "llm_query_error";
      error = errorText(caught);
      break;
    }
    const llmSeconds = (performance.now() - llmStarted) / 1000;
    const usage = completion.usage;
    const callTotal = usage?.totalTokens ?? -1;
    if (usage) totalTokens += usage.totalTokens;

    const parsed = parseResponse(completion.content);
    const outcome = await executeAction(options.sandbox, parsed.action, {
      commandTimeoutSeconds: limits.commandTimeoutSeconds,
    });
    const stepSeconds = llmSeconds + outcome.envSeconds;
    totalTimeTraj += stepSeconds;
    stepCount += 1;
    messages.push({ role: "assistant", content: assistantMessage(parsed) });
    messages.push({ role: "user", content: outcome.observation });

    exitReason = exitReasonAfterStep({
      done: outcome.done,
      stepsRemaining,
      callTotalTokens: callTotal,
      stepCount,
      totalSeconds: totalTimeTraj,
      limits,
    });
    if (exitReason === null && outcome.sandboxError !== undefined) {
      exitReason = "sandbox_error";
      error = outcome.sandboxError;
    }
    const step: TrajectoryStep = {
      step_idx: stepCount - 1,
      thought: parsed.thought,
      action: actionToXml(parsed.action),
      observation: outcome.observation,
      done: exitReason !== null,
      info: { total_time: outcome.envSeconds },
      token_usage_prompt: usage?.promptTokens ?? -1,
      token_usage_completion: usage?.completionTokens ?? -1,
      token_usage_total: callTotal,
      llm_exec_time: llmSeconds,
      env_exec_time: outcome.envSeconds,
      total_step_time: stepSeconds,
      total_time_traj: totalTimeTraj,
      step_count: stepCount,
    };
    steps.push(step);
    options.onStep?.(step, { totalTokens });
  }

  let patch: OutputPatch = { patch: "", dropped: [] };
  try {
    patch = await outputPatch(options.sandbox);
  } catch (caught) {
    error ??= `output patch: ${errorText(caught)}`;
  }
  const result: AgentOutcome = {
    steps,
    messages,
    exitReason,
    finished: FINISH_REASONS.has(exitReason),
    outputPatch: patch.patch,
    outputPatchDropped: patch.dropped,
    totalTokens,
    systemPrompt,
    instancePrompt: userPrompt,
  };
  if (error !== undefined) result.error = error;
  return result;
}
