// The parallel rollout runner: N rollouts per task, C at a time, one container each, durable records, resume.
import { basename } from "node:path";
import { CancelledError, InputError, badOptionValue } from "../core/errors.js";
import { log, type PipelineEvent } from "../core/events.js";
import { secretValuesFromEnv } from "../util/redact.js";
import type { LlmClient, SamplingParams } from "../llm/llm-client.js";
import { runAgent as defaultRunAgent } from "../agent/run-agent.js";
import { createDockerSandboxFactory, removeRunContainers } from "../sandbox/docker-sandbox.js";
import type { SandboxFactory } from "../sandbox/sandbox.js";
import type { Task } from "../tasks/task.js";
import { isResolved, rolloutKey, type Sampling, type TrajectoryRecord } from "../trajectories/record.js";
import { EventChannel } from "../util/event-channel.js";
import { resolveLimits, type RolloutLimits } from "./limits.js";
import { appendEventLine } from "../run-dir/events.js";
import { runDirPaths } from "../run-dir/layout.js";
import { acquireRunLock } from "../run-dir/run-lock.js";
import { checkResumable, readRunJsonIfPresent, safeUrl, writeRunJson, type RolloutRunJson } from "../run-dir/run-json.js";
import { completedRolloutKeys, repairTornTail, TrajectoryWriter } from "../run-dir/trajectory-writer.js";
import { runOneRollout, type RunAgentFunction } from "./run-one-rollout.js";

export type RunRolloutsOptions = {
  tasks: Task[];
  llm: LlmClient;
  /** Rollouts per task (rollout_index 0..n-1). */
  n: number;
  concurrency: number;
  outDir: string;
  runId?: string;
  limits?: Partial<RolloutLimits>;
  sampling?: SamplingParams;
  model: string;
  /** The policy endpoint, stored without credentials. */
  llmUrl?: string;
  /** Default: Docker sandboxes labelled with the run id. */
  sandboxFactory?: SandboxFactory;
  /** Default: the R2E agent loop of src/agent. */
  runAgent?: RunAgentFunction;
  agentKind?: TrajectoryRecord["agent_kind"];
  stage?: string;
  benchmark?: string;
  runIndex?: number;
  gradeTimeoutSeconds?: number;
  /** Training output directory of the policy, recorded in run.json for reports. */
  trainDir?: string;
  /** Replacement prompts for the agent (default: entropo's R2E prompts). */
  prompts?: { system: string; instanceTemplate: string };
  signal?: AbortSignal;
  /** Values masked in every file written (default: secret-looking environment variables). */
  secrets?: string[];
};

export type RunRolloutsSummary = {
  outDir: string;
  trajectories: string;
  total: number;
  skipped: number;
  recorded: number;
  resolved: number;
  failedToStart: number;
  tokens: number;
};

/** Runs the rollouts and yields progress events; the last event is a `result` with a RunRolloutsSummary. */
export async function* runRollouts(options: RunRolloutsOptions): AsyncGenerator<PipelineEvent> {
  if (!Number.isInteger(options.n) || options.n < 1) throw badOptionValue("-n", "a positive integer", options.n);
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw badOptionValue("--concurrency", "a positive integer", options.concurrency);
  if (options.tasks.length === 0) throw new InputError("no tasks to run: the task source selected none", { field: "--tasks", hint: "check --tasks, --ids and --limit" });
  const secrets = options.secrets ?? secretValuesFromEnv();
  const files = runDirPaths(options.outDir);
  const release = await acquireRunLock(options.outDir);
  const controller = new AbortController();
  let workers: Promise<unknown> = Promise.resolve();
  const emit = async (event: PipelineEvent): Promise<PipelineEvent> => {
    await appendEventLine(files.events, event, secrets);
    return event;
  };
  try {
    const repair = await repairTornTail(files.trajectories);
    if (repair.truncatedBytes > 0) {
      yield await emit(log("warn", `removed a torn last line (${repair.truncatedBytes} bytes, saved to ${repair.savedTo}) left by an interrupted run`, "rollouts"));
    }
    const done = await completedRolloutKeys(files.trajectories);
    const sampling = toRecordSampling(options.sampling);
    const limits = resolveLimits(options.limits);
    const existing = await readRunJsonIfPresent(options.outDir);
    const now = new Date().toISOString();
    const manifest: RolloutRunJson = {
      run_id: existing?.run_id ?? options.runId ?? `${basename(options.outDir)}-${now.replace(/[-:.TZ]/g, "").slice(0, 14)}`,
      model: options.model,
      agent_kind: options.agentKind ?? "llm",
      stage: options.stage ?? existing?.stage ?? "custom",
      benchmark: options.benchmark ?? existing?.benchmark ?? "custom",
      run_index: options.runIndex ?? existing?.run_index ?? 0,
      llm_url: safeUrl(options.llmUrl),
      sampling,
      limits: { ...limits.record },
      n: options.n,
      total_instances: options.tasks.length,
      ...(sampling.temperature === null ? {} : { temperature: sampling.temperature }),
      ...(options.trainDir === undefined ? {} : { train_dir: options.trainDir }),
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    if (existing !== null) checkResumable(files.runJson, existing, manifest);
    await writeRunJson(options.outDir, manifest, secrets);
    const sandboxFactory = options.sandboxFactory ?? createDockerSandboxFactory({ runId: manifest.run_id });
    if (options.sandboxFactory === undefined && existing !== null) {
      // We hold the run lock, so containers of this run id are leftovers of a killed runner.
      const removed = await removeRunContainers(manifest.run_id);
      if (removed.length > 0) yield await emit(log("info", `removed ${removed.length} container(s) left by an interrupted run`, "rollouts"));
    }
    const runAgent = options.runAgent ?? defaultRunAgent;

    const jobs = options.tasks.flatMap((task) => Array.from({ length: options.n }, (_, index) => ({ task, index })));
    const pending: typeof jobs = [];
    const doneByTask = new Map<string, number>();
    for (const job of jobs) {
      if (done.has(rolloutKey({ instance_id: job.task.id, rollout_index: job.index }))) doneByTask.set(job.task.id, (doneByTask.get(job.task.id) ?? 0) + 1);
      else pending.push(job);
    }
    const state = { recorded: 0, resolved: 0, tokens: 0, failedToStart: 0, skipped: jobs.length - pending.length };
    yield await emit(log("info", `${jobs.length} rollouts (${options.tasks.length} tasks × ${options.n}); ${state.skipped} already recorded, ${pending.length} to run, ${options.concurrency} at a time`, "rollouts"));

    const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
    const writer = new TrajectoryWriter(files.trajectories, secrets);
    const channel = new EventChannel<PipelineEvent>();
    const progress = (): PipelineEvent => ({
      type: "rollouts.progress",
      done: state.skipped + state.recorded,
      total: jobs.length,
      resolved: state.resolved,
      containersAlive: sandboxFactory.alive(),
      tokens: state.tokens,
      skipped: state.skipped,
      tasksDone: [...doneByTask.values()].filter((count) => count >= options.n).length,
      tasksTotal: options.tasks.length,
    });
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        if (signal.aborted) return;
        const job = pending[next];
        next += 1;
        if (job === undefined) return;
        const { task, index } = job;
        channel.push({ type: "rollout.start", instanceId: task.id, rolloutIndex: index });
        const context = { task, runId: manifest.run_id, rolloutIndex: index, model: options.model, llmUrl: manifest.llm_url, sampling, limits: limits.record, agentKind: manifest.agent_kind };
        let result;
        try {
          result = await runOneRollout({
            context,
            llm: options.llm,
            sandboxFactory,
            runAgent,
            agentLimits: limits.agent,
            ...(options.sampling === undefined ? {} : { samplingParams: options.sampling }),
            ...(options.prompts === undefined ? {} : { prompts: options.prompts }),
            ...(options.gradeTimeoutSeconds === undefined ? {} : { gradeTimeoutSeconds: options.gradeTimeoutSeconds }),
            signal,
            onStep: (step) => channel.push({ type: "rollout.step", instanceId: task.id, rolloutIndex: index, step: step.step, tokens: step.tokens }),
          });
        } catch (error) {
          state.failedToStart += 1;
          channel.push(log("error", `${task.id}#${index}: could not start a sandbox: ${error instanceof Error ? error.message : String(error)}`, "rollouts"));
          continue;
        }
        state.tokens += result.tokens;
        if (result.record === null) continue;
        await writer.append(result.record);
        state.recorded += 1;
        if (isResolved(result.record)) state.resolved += 1;
        doneByTask.set(task.id, (doneByTask.get(task.id) ?? 0) + 1);
        const record = result.record;
        channel.push({ type: "rollout.end", instanceId: task.id, rolloutIndex: index, reward: record.reward, exitReason: record.exit_reason, steps: record.trajectory_steps.length, tokens: result.tokens });
        channel.push(progress());
      }
    };
    workers = Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(pending.length, 1)) }, () => worker())).finally(() => channel.close());
    workers.catch(() => controller.abort());
    yield await emit(progress());
    for await (const event of channel) yield await emit(event);
    await workers;
    await writeRunJson(options.outDir, { ...manifest, updated_at: new Date().toISOString() }, secrets);
    if (signal.aborted) {
      yield await emit(log("warn", `interrupted: ${state.recorded} rollouts recorded; running ones were cancelled and not recorded; re-run the same command to resume`, "rollouts"));
      throw new CancelledError("rollouts interrupted");
    }
    const summary: RunRolloutsSummary = {
      outDir: options.outDir,
      trajectories: files.trajectories,
      total: jobs.length,
      skipped: state.skipped,
      recorded: state.recorded,
      resolved: state.resolved,
      failedToStart: state.failedToStart,
      tokens: state.tokens,
    };
    yield await emit({ type: "artifact", kind: "trajectories", path: files.trajectories, description: `${state.skipped + state.recorded}/${jobs.length} rollouts` });
    yield await emit({ type: "result", command: "rollout", data: summary });
  } finally {
    // Also reached when the consumer stops iterating early: cancel what runs, wait for its containers to go.
    controller.abort();
    await workers.catch(() => undefined);
    await release();
  }
}

/** Sampling params in the record's snake_case form (null where unset). */
function toRecordSampling(params: SamplingParams | undefined): Sampling {
  return {
    temperature: params?.temperature ?? null,
    top_p: params?.topP ?? null,
    top_k: params?.topK ?? null,
    max_tokens: params?.maxTokens ?? null,
    seed: params?.seed ?? null,
  };
}
