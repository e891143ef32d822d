// The canonical trajectory record: a superset of R2E-Gym's Trajectory plus entropo's fields (one JSONL line per rollout).
import { z } from "zod";

export const exitReasons = [
  "agent",
  "max_step_limit",
  "agent_max_step_limit",
  "abs_step_limit",
  "token_limit",
  "traj_time_limit",
  "llm_query_error",
  "sandbox_error",
  "cancelled",
  "unknown",
] as const;
export type ExitReason = (typeof exitReasons)[number];

/**
 * One agent step, field for field R2E-Gym's TrajectoryStep: (thought, action, observation). Readers fill what an
 * importer or another tool left out: `thought`/`observation` default to "", `done` to false, and `step_idx` /
 * `step_count` to the step's position (see {@link trajectoryRecordSchema}).
 */
export const trajectoryStepSchema = z.looseObject({
  step_idx: z.number().int().optional(),
  thought: z.string().default(""),
  action: z.string(),
  observation: z.string().default(""),
  done: z.boolean().default(false),
  info: z.record(z.string(), z.unknown()).default({}),
  token_usage_prompt: z.number().default(-1),
  token_usage_completion: z.number().default(-1),
  token_usage_total: z.number().default(-1),
  llm_exec_time: z.number().default(0),
  env_exec_time: z.number().default(0),
  total_step_time: z.number().default(0),
  total_time_traj: z.number().default(0),
  step_count: z.number().int().optional(),
});
type StepInput = z.infer<typeof trajectoryStepSchema>;
export type TrajectoryStep = StepInput & { step_idx: number; step_count: number };

/** Steps with `step_idx` / `step_count` filled from their position where a producer left them out. */
const trajectoryStepsSchema = z.array(trajectoryStepSchema).transform((steps): TrajectoryStep[] =>
  steps.map((step, index) => ({ ...step, step_idx: step.step_idx ?? index, step_count: step.step_count ?? index + 1 })),
);

export const chatRoles = ["system", "user", "assistant", "tool", "function_call", "observation"] as const;

/** One structured tool call, OpenAI's shape: `arguments` is the JSON text the model produced. */
export const toolCallSchema = z.looseObject({
  id: z.string().default(""),
  type: z.literal("function").default("function"),
  function: z.looseObject({ name: z.string(), arguments: z.string().default("{}") }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

/**
 * One chat message as the model saw it. Assistant turns of function-calling scaffolds carry `tool_calls` (their
 * `content` may be empty: a turn that only calls a tool is not empty); `tool` messages name the call they answer.
 */
export const chatMessageSchema = z.looseObject({
  role: z.enum(chatRoles),
  content: z.string(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const samplingSchema = z.looseObject({
  temperature: z.number().nullable().default(null),
  top_p: z.number().nullable().default(null),
  top_k: z.number().nullable().default(null),
  max_tokens: z.number().nullable().default(null),
  seed: z.number().nullable().default(null),
});
export type Sampling = z.infer<typeof samplingSchema>;

/** A whole rollout. R2E field names and meanings are kept so R2E tooling reads the file. */
export const trajectoryRecordSchema = z.looseObject({
  // R2E-Gym Trajectory fields
  trajectory_steps: trajectoryStepsSchema,
  problem_statement: z.string().default(""),
  docker_image: z.string().default(""),
  exp_name: z.string().nullable().default(null),
  env_args: z.record(z.string(), z.unknown()).default({}),
  agent_args: z.record(z.string(), z.unknown()).default({}),
  ds: z.record(z.string(), z.unknown()).nullable().default(null),
  max_steps: z.number().default(0),
  max_steps_absolute: z.number().default(0),
  max_token_limit: z.number().default(0),
  max_llm_time: z.number().default(0),
  max_exec_time: z.number().default(0),
  max_total_time: z.number().default(0),
  exit_reason: z.string().default("unknown"),
  output_patch: z.string().default(""),
  reward: z.number().nullable().default(null),
  reward_calc_time: z.number().nullable().default(null),
  test_output: z.string().nullable().default(null),
  custom_test_outputs: z.record(z.string(), z.unknown()).default({}),
  regression_test_output: z.string().nullable().default(null),
  verifier_prob: z.number().nullable().default(null),
  reproduction_test_scores: z.array(z.number()).default([]),
  // entropo fields
  instance_id: z.string(),
  run_id: z.string().default(""),
  rollout_index: z.number().int().nonnegative().default(0),
  messages: z.array(chatMessageSchema).default([]),
  finished: z.boolean().default(false),
  model: z.string().default(""),
  sampling: samplingSchema.default({ temperature: null, top_p: null, top_k: null, max_tokens: null, seed: null }),
  regression_passed: z.boolean().nullable().default(null),
  /** Junk entries (Python bytecode, test caches) left out of output_patch when it was taken. */
  output_patch_dropped: z.number().int().nonnegative().default(0),
  /** Who produced the trajectory: an LLM policy, or a scripted teacher that replays a gold patch (demo only). */
  agent_kind: z.enum(["llm", "scripted-teacher", "imported"]).default("llm"),
  source: z.string().nullable().default(null),
  tools: z.string().nullable().default(null),
});
export type TrajectoryRecord = z.infer<typeof trajectoryRecordSchema>;

export { isResolved, rolloutKey, stepCount } from "./record-facts.js";
