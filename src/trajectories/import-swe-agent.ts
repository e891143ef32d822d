// Imports a SWE-agent `.traj` file (classic and 1.x function-calling: trajectory, history, info) into the canonical record.
import { z } from "zod";
import { parseWithSchema } from "../util/jsonl.js";
import { toChatMessages } from "./message-content.js";
import { stepsFromMessages } from "./message-steps.js";
import { outcomeOf } from "./outcome.js";
import { trajectoryRecordSchema, type ChatMessage, type TrajectoryRecord } from "./record.js";

type Location = { file: string; line: number };

const sweAgentSchema = z.looseObject({
  /** One entry per executed step; SWE-agent 1.x demonstrations may omit it (steps then come from `history`). */
  trajectory: z
    .array(
      z.looseObject({
        action: z.string(),
        observation: z.string().default(""),
        response: z.string().default(""),
        thought: z.string().default(""),
      }),
    )
    .default([]),
  history: z.array(z.unknown()),
  info: z.looseObject({ exit_status: z.string().nullish(), submission: z.string().nullish(), model_stats: z.unknown() }),
  environment: z.string().optional(),
  /** SWE-agent >= 1.0: the run's config as a JSON string (or object): instance id, model, image, problem text. */
  replay_config: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
});

/** True when a parsed JSON value is a SWE-agent trajectory (`history` + `info`, classic ones also `trajectory`). */
export function isSweAgentTrajectory(value: unknown): boolean {
  return typeof value === "object" && value !== null && "history" in value && "info" in value && !("messages" in value);
}

/** The issue text SWE-agent puts after "ISSUE:" in its instance prompt. */
function issueText(messages: readonly ChatMessage[]): string {
  const prompt = messages.find((message) => message.role === "user" && message.content.includes("ISSUE:"))?.content ?? "";
  const match = /ISSUE:\n([\s\S]*?)\n\nINSTRUCTIONS:/.exec(prompt);
  return match?.[1] ?? prompt;
}

/** Reads a nested string field (`a.b.c`) of the replay config, which SWE-agent stores as JSON text. */
function configField(config: string | Record<string, unknown> | null | undefined, path: readonly string[]): string | undefined {
  let node: unknown = config;
  if (typeof node === "string") {
    try {
      node = JSON.parse(node);
    } catch {
      return undefined;
    }
  }
  for (const key of path) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === "string" && node !== "" ? node : undefined;
}

/**
 * Converts a `.traj` object. Messages keep every structured call (`tool_calls`, and `tool` messages with the call id);
 * steps are SWE-agent's own (thought, action, observation), or derived from the history when `trajectory` is absent.
 * `info.exit_status` gives the outcome (see outcomeOf), `info.submission` the output patch; the instance id is the
 * replay config's problem_statement.id, else `instanceId` (the file stem).
 */
export function importSweAgentTrajectory(value: unknown, location: Location, instanceId: string): TrajectoryRecord {
  const input = parseWithSchema(sweAgentSchema, value, location);
  const messages = toChatMessages(input.history, location, "history");
  const status = input.info.exit_status ?? null;
  const outcome = outcomeOf("swe-agent", status);
  const steps =
    input.trajectory.length === 0
      ? stepsFromMessages(messages)
      : input.trajectory.map((step, index) => ({
          step_idx: index,
          thought: step.thought,
          action: step.action,
          observation: step.observation,
          done: index === input.trajectory.length - 1 && outcome.finished,
          step_count: index + 1,
        }));
  const config = input.replay_config;
  return parseWithSchema(
    trajectoryRecordSchema,
    {
      trajectory_steps: steps,
      problem_statement: configField(config, ["problem_statement", "text"]) ?? issueText(messages),
      docker_image: configField(config, ["env", "deployment", "image"]) ?? "",
      exit_reason: outcome.exit_reason,
      output_patch: (input.info.submission ?? "").replace(/^\r?\n/, ""),
      instance_id: configField(config, ["problem_statement", "id"]) ?? instanceId,
      messages,
      finished: outcome.finished,
      model: configField(config, ["agent", "model", "name"]) ?? "",
      agent_kind: "imported",
      source: "swe-agent",
    },
    location,
  );
}
