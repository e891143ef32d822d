// Builds the canonical trajectory record of one rollout from the task, the agent's outcome and the grade.
import type { GradeResult, Task } from "../tasks/task.js";
import type { Sampling, TrajectoryRecord } from "../trajectories/record.js";
import { trajectoryRecordSchema } from "../trajectories/record.js";

/** The limits stored in a record, under R2E's field names. */
export type RecordLimits = {
  max_steps: number;
  max_steps_absolute: number;
  max_token_limit: number;
  max_llm_time: number;
  max_exec_time: number;
  max_total_time: number;
};

/** What the record needs from the agent's outcome (a subset of AgentOutcome). */
export type AgentResultFields = {
  steps: unknown[];
  messages: { role: string; content: string }[];
  exitReason: string;
  finished: boolean;
  outputPatch: string;
  /** Junk entries left out of outputPatch (absent for outcomes that never took a patch). */
  outputPatchDropped?: string[];
  systemPrompt: string;
  instancePrompt: string;
  error?: string;
};

export type RecordContext = {
  task: Task;
  runId: string;
  rolloutIndex: number;
  model: string;
  llmUrl: string | null;
  sampling: Sampling;
  limits: RecordLimits;
  agentKind: TrajectoryRecord["agent_kind"];
};

/** The record of a finished rollout (validated against the schema, so a bad outcome fails loudly here). */
export function buildRolloutRecord(context: RecordContext, outcome: AgentResultFields, grade: GradeResult | null, error?: string): TrajectoryRecord {
  const { task } = context;
  const record = {
    trajectory_steps: outcome.steps,
    problem_statement: task.problemStatement,
    docker_image: task.image,
    exp_name: context.runId,
    env_args: { ds: task.ds, repo_path: "/testbed", docker_image: task.image },
    agent_args: {
      system_prompt: outcome.systemPrompt,
      instance_prompt: outcome.instancePrompt,
      command_files: [],
      llm_name: context.model,
      llm_base_url: context.llmUrl,
      demo_file: null,
      use_demo: false,
      other_args: {},
    },
    ds: task.ds,
    ...context.limits,
    exit_reason: outcome.exitReason,
    output_patch: outcome.outputPatch,
    output_patch_dropped: outcome.outputPatchDropped?.length ?? 0,
    reward: grade === null ? null : grade.reward,
    reward_calc_time: grade === null ? null : grade.seconds,
    test_output: grade === null ? null : grade.testOutput,
    custom_test_outputs: grade === null ? {} : { tests: grade.tests },
    regression_test_output: null,
    verifier_prob: null,
    reproduction_test_scores: [],
    instance_id: task.id,
    run_id: context.runId,
    rollout_index: context.rolloutIndex,
    messages: outcome.messages.map(toChatRole),
    finished: outcome.finished,
    model: context.model,
    sampling: context.sampling,
    regression_passed: null,
    agent_kind: context.agentKind,
    source: task.source,
    tools: null,
    ...(error ?? outcome.error ? { error: error ?? outcome.error } : {}),
  };
  return trajectoryRecordSchema.parse(record);
}

/** An outcome for a rollout whose agent never produced one (crash before or during the loop). */
export function failedOutcome(exitReason: string, error: string): AgentResultFields {
  return { steps: [], messages: [], exitReason, finished: false, outputPatch: "", systemPrompt: "", instancePrompt: "", error };
}

function toChatRole(message: { role: string; content: string }): { role: TrajectoryRecord["messages"][number]["role"]; content: string } {
  const known = ["system", "user", "assistant", "tool", "function_call", "observation"] as const;
  const role = (known as readonly string[]).includes(message.role) ? (message.role as (typeof known)[number]) : "user";
  return { ...message, role };
}
