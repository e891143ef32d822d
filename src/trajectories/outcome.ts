// Maps the exit statuses of other scaffolds onto the record's outcome fields (`exit_reason`, `finished`).

export type Outcome = { exit_reason: string; finished: boolean };

/** Statuses that mean the agent itself ended the episode by submitting (SWE-agent, mini-swe-agent, OpenHands exports). */
const submittedStatuses = new Set(["submitted", "submit", "finish", "finished", "agent", "agentfinishaction"]);

/** Statuses with a direct R2E exit reason. */
const r2eReasons: Readonly<Record<string, string>> = {
  timeexceeded: "traj_time_limit",
  exit_context: "token_limit",
  contextwindowexceedederror: "token_limit",
  max_step_limit: "max_step_limit",
  token_limit: "token_limit",
  traj_time_limit: "traj_time_limit",
};

/**
 * The outcome of a scaffold's exit status: a submission → exit reason `agent`, finished; a status R2E names
 * (time limit, context window) → that reason; anything else is kept as `<scaffold>:<status>`; none → `unknown`.
 * SWE-agent's auto-submissions (`submitted (exit_cost)`) are not finished: the agent did not call submit.
 */
export function outcomeOf(scaffold: string, status: string | null | undefined): Outcome {
  if (status === undefined || status === null || status.trim() === "") return { exit_reason: "unknown", finished: false };
  const key = status.trim().toLowerCase();
  if (submittedStatuses.has(key)) return { exit_reason: "agent", finished: true };
  const known = r2eReasons[key];
  return { exit_reason: known ?? `${scaffold}:${status.trim()}`, finished: false };
}
