// Imports a mini-swe-agent `.traj.json` (trajectory_format mini-swe-agent-1 / -1.1: messages + info) into the record.
import { z } from "zod";
import { parseWithSchema } from "../util/jsonl.js";
import { rawMessageSchema, toChatMessages } from "./message-content.js";
import { answersOf } from "./message-steps.js";
import { outcomeOf } from "./outcome.js";
import { trajectoryRecordSchema, type ChatMessage, type TrajectoryRecord, type TrajectoryStep } from "./record.js";
import { toolArguments } from "./tool-call-text.js";

type Location = { file: string; line: number };

const miniSchema = z.looseObject({
  trajectory_format: z.string().startsWith("mini-swe-agent"),
  messages: z.array(z.unknown()),
  info: z
    .looseObject({
      exit_status: z.string().nullish(),
      submission: z.string().nullish(),
      config: z.looseObject({ model: z.looseObject({ model_name: z.string().nullish() }).nullish() }).nullish(),
    })
    .default({}),
  /** Written by the SWE-bench runners (`instance_id` kwarg of save_traj / save). */
  instance_id: z.string().nullish(),
});

/** True when a parsed JSON value is a mini-swe-agent trajectory (its `trajectory_format` says so). */
export function isMiniSweAgentTrajectory(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const format = (value as Record<string, unknown>).trajectory_format;
  return typeof format === "string" && format.startsWith("mini-swe-agent");
}

/** The bash block mini-swe-agent's text-based models answer with (v1: ```bash, v2: ```mswea_bash_command). */
const bashBlock = /```(?:bash|mswea_bash_command)[ \t]*\n([\s\S]*?)\n```/;

/** Thought and command of one model turn: the `command` of its bash tool call, else its fenced bash block. */
function commandOf(message: ChatMessage): { thought: string; action: string } {
  const call = message.tool_calls?.[0];
  if (call !== undefined) {
    const command = toolArguments(call)?.command;
    return { thought: message.content.trim(), action: typeof command === "string" ? command : call.function.arguments };
  }
  const match = bashBlock.exec(message.content);
  if (match === null) return { thought: message.content.trim(), action: "" };
  return { thought: message.content.slice(0, match.index).trim(), action: (match[1] ?? "").trim() };
}

/** Steps: one per assistant turn; the action is the bash command, the observation the answering message(s). */
function miniSteps(messages: readonly ChatMessage[], finished: boolean): TrajectoryStep[] {
  const turns = messages.flatMap((message, index) => (message.role === "assistant" ? [index] : []));
  return turns.map((index, position) => {
    const { thought, action } = commandOf(messages[index] as ChatMessage);
    const observation = answersOf(messages, index).map((answer) => answer.content).join("\n\n");
    return { step_idx: position, thought, action, observation, done: finished && position === turns.length - 1, step_count: position + 1 } as TrajectoryStep;
  });
}

/** The task text inside the SWE-bench instance template's `<pr_description>`, else the first user message. */
function taskText(messages: readonly ChatMessage[]): string {
  const prompt = messages.find((message) => message.role === "user")?.content ?? "";
  const match = /<pr_description>\s*(?:Consider the following PR description:\s*)?([\s\S]*?)\s*<\/pr_description>/.exec(prompt);
  return match?.[1] ?? prompt;
}

/**
 * Converts a mini-swe-agent trajectory. `exit` messages (v2's end-of-run marker) are outcome data, not chat, and are
 * dropped from `messages`; `info.exit_status` (else the exit message's) gives the outcome — `Submitted` is exit reason
 * `agent` — and `info.submission` the output patch (only when submitted or when it is a diff: v1 stores the error text
 * of a crashed run there). The instance id is the runner's `instance_id`, else the file stem without `.traj`.
 */
export function importMiniSweAgentTrajectory(value: unknown, location: Location, fallbackId: string): TrajectoryRecord {
  const input = parseWithSchema(miniSchema, value, location);
  const exitMessage = input.messages.map((message) => rawMessageSchema.safeParse(message).data).find((message) => message?.role === "exit");
  const exitExtra = (exitMessage as { extra?: { exit_status?: unknown } } | undefined)?.extra?.exit_status;
  const status = input.info.exit_status ?? (typeof exitExtra === "string" ? exitExtra : null);
  const messages = toChatMessages(input.messages, location, "messages", new Set(["exit"]));
  const outcome = outcomeOf("mini-swe-agent", status);
  const submission = input.info.submission ?? "";
  return parseWithSchema(
    trajectoryRecordSchema,
    {
      trajectory_steps: miniSteps(messages, outcome.finished),
      problem_statement: taskText(messages),
      exit_reason: outcome.exit_reason,
      output_patch: outcome.finished || /^diff --git /m.test(submission) ? submission : "",
      instance_id: input.instance_id ?? fallbackId.replace(/\.traj$/, ""),
      messages,
      finished: outcome.finished,
      model: input.info.config?.model?.model_name ?? "",
      agent_kind: "imported",
      source: "mini-swe-agent",
    },
    location,
  );
}
