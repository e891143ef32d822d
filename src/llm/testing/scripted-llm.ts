// An in-memory LlmClient that answers with scripted assistant texts (the LlmClient test double: tests and the sandbox
// benchmark; the real OpenAI-compatible client beside it is tested against a real HTTP server).
import type { ChatCompletion, LlmClient, LlmMessage, TokenLogprob, Usage } from "../llm-client.js";

/** An answer: its text, or the text with its usage and per-token logprobs (a judge's verdict), or a failure. */
export type ScriptedTurn = string | { content: string; usage?: Usage | null; logprobs?: TokenLogprob[] | null } | Error;

/** Replays `turns` in order and records every message list it was sent (deep copies). */
export function scriptedLlm(turns: ScriptedTurn[]): LlmClient & { received: LlmMessage[][] } {
  const received: LlmMessage[][] = [];
  let index = 0;
  return {
    model: "scripted",
    received,
    complete(messages: LlmMessage[]): Promise<ChatCompletion> {
      received.push(messages.map((message) => ({ ...message })));
      const turn = turns[index];
      index += 1;
      if (turn === undefined) return Promise.reject(new Error("script exhausted"));
      if (turn instanceof Error) return Promise.reject(turn);
      const content = typeof turn === "string" ? turn : turn.content;
      const usage = typeof turn === "string" ? { promptTokens: 100, completionTokens: 10, totalTokens: 110 } : (turn.usage ?? null);
      const logprobs = typeof turn === "string" ? null : (turn.logprobs ?? null);
      return Promise.resolve({ content, finishReason: "stop", usage, logprobs, model: "scripted" });
    },
  };
}
