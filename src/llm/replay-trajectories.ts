// Builds a replay script from a trajectories JSONL file (entropo records, or R2E lines without `messages`).
import { readJsonl } from "../util/jsonl.js";
import { trajectoryRecordSchema, type TrajectoryRecord } from "../trajectories/record.js";
import type { ReplayConversation, ReplayScript } from "./replay-script.js";

/** One conversation per record: its first user message (or problem statement) and its assistant turns. */
function conversationOf(record: TrajectoryRecord): ReplayConversation {
  const firstUser = record.messages.find((message) => message.role === "user")?.content ?? record.problem_statement;
  const assistants = record.messages.filter((message) => message.role === "assistant").map((message) => ({ content: message.content }));
  const turns = assistants.length > 0 ? assistants : record.trajectory_steps.map((step) => ({ content: `${step.thought}\n\n${step.action}` }));
  return { id: `${record.instance_id}#${record.rollout_index}`, firstUserMessage: firstUser, assistantTurns: turns };
}

/** Reads every record of the file (errors name FILE:LINE and the field) into a replay script. */
export async function replayScriptFromTrajectories(file: string, model?: string): Promise<ReplayScript> {
  const conversations: ReplayConversation[] = [];
  for await (const { record } of readJsonl(file, trajectoryRecordSchema)) conversations.push(conversationOf(record));
  return model === undefined ? { conversations } : { conversations, model };
}
