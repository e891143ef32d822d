// A canonical record built directly from an importer's (already valid) fields, every other field at its default.
import type { TrajectoryRecord } from "./record.js";

/** The fields an importer derives; all others take their schema defaults. */
export type ImportedFields = Pick<
  TrajectoryRecord,
  "trajectory_steps" | "problem_statement" | "exit_reason" | "output_patch" | "reward" | "instance_id" | "rollout_index" | "messages" | "finished" | "model" | "agent_kind" | "source" | "tools"
>;

/**
 * What `trajectoryRecordSchema.parse(fields)` returns, with the same key order, without validating again values the
 * importer built from validated input (the second schema pass over every step and message cost as much as the first).
 * imported-record.test.ts checks it against the schema, key for key.
 */
export function importedRecord(fields: ImportedFields): TrajectoryRecord {
  return {
    trajectory_steps: fields.trajectory_steps,
    problem_statement: fields.problem_statement,
    docker_image: "",
    exp_name: null,
    env_args: {},
    agent_args: {},
    ds: null,
    max_steps: 0,
    max_steps_absolute: 0,
    max_token_limit: 0,
    max_llm_time: 0,
    max_exec_time: 0,
    max_total_time: 0,
    exit_reason: fields.exit_reason,
    output_patch: fields.output_patch,
    reward: fields.reward,
    reward_calc_time: null,
    test_output: null,
    custom_test_outputs: {},
    regression_test_output: null,
    verifier_prob: null,
    reproduction_test_scores: [],
    instance_id: fields.instance_id,
    run_id: "",
    rollout_index: fields.rollout_index,
    messages: fields.messages,
    finished: fields.finished,
    model: fields.model,
    sampling: { temperature: null, top_p: null, top_k: null, max_tokens: null, seed: null },
    regression_passed: null,
    output_patch_dropped: 0,
    agent_kind: fields.agent_kind,
    source: fields.source,
    tools: fields.tools,
  };
}
