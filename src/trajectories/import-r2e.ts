// Imports an R2E-Gym trajectory object (or an entropo record) into the canonical record.
import { z } from "zod";
import { parseWithSchema } from "../util/jsonl.js";
import { endsWithFinish } from "./message-steps.js";
import { rebuildR2eMessages, taskInstruction } from "./r2e-messages.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "./record.js";

const r2eInputSchema = trajectoryRecordSchema.extend({ instance_id: z.string().optional() });

type Location = { file: string; line: number };

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}

/** The R2E row (`ds`) of a trajectory: the top-level `ds`, else `env_args.ds`. */
function datasetRow(input: z.infer<typeof r2eInputSchema>): Record<string, unknown> | undefined {
  if (input.ds !== null) return input.ds;
  const nested = input.env_args.ds;
  return typeof nested === "object" && nested !== null ? (nested as Record<string, unknown>) : undefined;
}

/** Best instance id: explicit, then the R2E row's, then the SWE-bench instance name of the image, then the file stem. */
function instanceIdOf(input: z.infer<typeof r2eInputSchema>, fallback: string): string {
  const row = datasetRow(input);
  const fromRow = stringField(row, "instance_id");
  if (input.instance_id !== undefined && input.instance_id !== "") return input.instance_id;
  if (fromRow !== undefined) return fromRow;
  const image = input.docker_image;
  if (image.includes("sweb.eval")) return image.split(".").pop() ?? fallback;
  return fallback;
}

/** Validates an R2E trajectory and fills entropo's fields, rebuilding `messages` when the record has none. */
export function importR2eTrajectory(value: unknown, location: Location, fallbackId: string): TrajectoryRecord {
  const input = parseWithSchema(r2eInputSchema, value, location);
  const row = datasetRow(input);
  const rawStatement = stringField(row, "problem_statement");
  const problemStatement = rawStatement !== undefined ? taskInstruction(rawStatement) : input.problem_statement;
  const systemPrompt = stringField(input.agent_args, "system_prompt");
  const instancePrompt = stringField(input.agent_args, "instance_prompt");
  const messages =
    input.messages.length > 0 || systemPrompt === undefined || instancePrompt === undefined
      ? input.messages
      : rebuildR2eMessages({ systemPrompt, instancePrompt, problemStatement, steps: input.trajectory_steps, maxSteps: input.max_steps });
  const lastAction = input.trajectory_steps.at(-1)?.action ?? "";
  const finished = input.finished || /<function=\s*finish/.test(lastAction) || endsWithFinish(messages);
  const model = input.model !== "" ? input.model : (stringField(input.agent_args, "llm_name") ?? "");
  const explicitKind = typeof value === "object" && value !== null && "agent_kind" in value;
  return {
    ...input,
    instance_id: instanceIdOf(input, fallbackId),
    messages,
    finished,
    model,
    agent_kind: explicitKind ? input.agent_kind : "imported",
  };
}
