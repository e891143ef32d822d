// Facts about a canonical record that need no schema (so modules that only read records do not load zod).
import type { TrajectoryRecord } from "./record.js";

/** Key that identifies a rollout inside a run: `instance_id#rollout_index`. */
export function rolloutKey(record: { instance_id: string; rollout_index: number }): string {
  return `${record.instance_id}#${record.rollout_index}`;
}

/** True when the trajectory's tests passed (reward 1). */
export function isResolved(record: { reward: number | null }): boolean {
  return record.reward !== null && record.reward >= 1;
}

/** The number of agent steps of a record: its trajectory steps, else its assistant messages. */
export function stepCount(record: Pick<TrajectoryRecord, "trajectory_steps" | "messages">): number {
  if (record.trajectory_steps.length > 0) return record.trajectory_steps.length;
  return record.messages.filter((message) => message.role === "assistant").length;
}
