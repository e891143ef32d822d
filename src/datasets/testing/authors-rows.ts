// Rows in the EntroPO authors' Hugging Face schema (hubert233/R2E-*, EntroPO-SFT), made from real R2E trajectories.
import { seededRandom } from "../../util/seeded-random.js";
import { readTrajectories } from "../../trajectories/read-trajectories.js";

export type AuthorsMessage = { role: string; content: string };

/** One row as the authors' process_traj scripts upload it (plus the optional `system`/`tools` their generators read). */
export type AuthorsRow = {
  messages: AuthorsMessage[];
  instance_id: string;
  step_number: number;
  exit_reasons: string;
  token_count: number;
  source: string;
  reward?: number | null;
  system?: string;
  tools?: string;
};

export type Chat = { instanceId: string; messages: AuthorsMessage[] };

/** The chat R2E's agent kept (`history`) for each trajectory in the given inputs, as entropo rebuilds it. */
export async function r2eChats(inputs: readonly string[]): Promise<Chat[]> {
  const chats: Chat[] = [];
  for await (const { record } of readTrajectories(inputs)) {
    chats.push({ instanceId: record.instance_id, messages: record.messages.map(({ role, content }) => ({ role, content })) });
  }
  return chats;
}

/**
 * The authors' process_r2e_trajectories.py on one history: drop a final "<<< Finished >>>" user message; exit reason
 * `agent` when the last message is the assistant's and calls finish, `exceed_limit` for another assistant message,
 * `query_error` otherwise; step_number = assistant messages. token_count is a character estimate (their tokenizer is
 * not needed by the dataset scripts).
 */
export function authorsRow(history: readonly AuthorsMessage[], instanceId: string, extra: Partial<AuthorsRow> = {}): AuthorsRow {
  const last = history.at(-1);
  const messages = last !== undefined && last.role === "user" && last.content.trim() === "<<< Finished >>>" ? history.slice(0, -1) : [...history];
  const final = messages.at(-1);
  const exit = final === undefined || final.role !== "assistant" ? "query_error" : final.content.includes("<function=finish>") ? "agent" : "exceed_limit";
  const characters = messages.reduce((sum, message) => sum + message.content.length, 0);
  return {
    messages,
    instance_id: instanceId,
    step_number: messages.filter((message) => message.role === "assistant").length,
    exit_reasons: exit,
    token_count: Math.round(characters / 4),
    source: "r2e",
    ...extra,
  };
}

/** A history cut right after a random assistant message that is not the last (a run stopped by a limit). */
function cutAtAssistant(history: readonly AuthorsMessage[], random: () => number): AuthorsMessage[] {
  const assistants = history.flatMap((message, index) => (message.role === "assistant" && index < history.length - 2 ? [index] : []));
  if (assistants.length === 0) return [...history];
  const at = assistants[Math.floor(random() * assistants.length)] as number;
  return history.slice(0, at + 1);
}

export type RunGroupOptions = {
  /** Dataset (run) names; each gets at most one row per instance, plus rare earlier duplicates. */
  datasets: readonly string[];
  seed: string;
};

/**
 * The rows of every run for one replication group: per chat an instance `ID__gN` whose prompt (system + first user)
 * is the chat's, while each run's continuation comes from a different chat (so runs differ), sometimes cut short
 * (`exceed_limit`). Rewards: 1 with p 0.4, 0, or null (p 0.03); a run sometimes skips an instance (p 0.1), holds an
 * earlier duplicate of it (p 0.05), or saw a different first user message (p 0.03).
 */
export function authorsRunGroup(chats: readonly Chat[], group: number, options: RunGroupOptions): Map<string, AuthorsRow[]> {
  const random = seededRandom(`${options.seed}:${group}`);
  const rows = new Map<string, AuthorsRow[]>(options.datasets.map((name) => [name, []]));
  for (const [index, chat] of chats.entries()) {
    const instanceId = `${chat.instanceId}__g${group}`;
    for (const [runIndex, dataset] of options.datasets.entries()) {
      if (random() < 0.1) continue;
      const copies = random() < 0.05 ? 2 : 1;
      for (let copy = 0; copy < copies; copy += 1) {
        const body = (chats[(index + runIndex + copy) % chats.length] as Chat).messages.slice(2);
        const prompt = chat.messages.slice(0, 2).map((message) => ({ ...message }));
        if (random() < 0.03 && prompt[1] !== undefined) prompt[1].content += `\n(run ${dataset})`;
        const history = random() < 0.15 ? cutAtAssistant([...prompt, ...body], random) : [...prompt, ...body];
        const draw = random();
        const reward = draw < 0.03 ? null : draw < 0.43 ? 1 : 0;
        rows.get(dataset)?.push(authorsRow(history, instanceId, { reward }));
      }
    }
  }
  return rows;
}

/**
 * SFT rows like hubert233/EntroPO-SFT (no reward column) for one replication group. With `variants`, some rows carry the
 * system prompt in a `system` column instead of the messages, some a `tools` JSON string, some empty `system`/`tools`.
 */
export function authorsSftGroup(chats: readonly Chat[], group: number, options: { seed: string; variants?: boolean }): AuthorsRow[] {
  const random = seededRandom(`${options.seed}:sft:${group}`);
  return chats.map((chat) => {
    const history = random() < 0.15 ? cutAtAssistant(chat.messages, random) : chat.messages;
    const row = authorsRow(history, `${chat.instanceId}__g${group}`, { source: "R2E-subset" });
    if (options.variants !== true) return row;
    const draw = random();
    if (draw < 0.25 && row.messages[0]?.role === "system") return { ...row, system: row.messages[0].content, messages: row.messages.slice(1) };
    if (draw < 0.5) return { ...row, tools: JSON.stringify([{ name: "finish", description: "submit", parameters: { type: "object", properties: {} } }]) };
    // Empty columns (a dataset where other rows have them) on a chat without a system prompt: both count as absent.
    if (draw < 0.6 && row.messages[0]?.role === "system") return { ...row, system: "", tools: "", messages: row.messages.slice(1) };
    return row;
  });
}
