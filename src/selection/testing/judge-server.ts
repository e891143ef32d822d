// A real OpenAI-compatible judge on 127.0.0.1: answers each chat completion with `<judgement>YES|NO</judgement>` and logprobs.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type JudgeRequest = { model: string; messages: Message[]; logprobs?: boolean; top_logprobs?: number; temperature?: number };

export type JudgeServer = {
  url: string;
  requests: number;
  /** Request bodies in arrival order. */
  bodies: JudgeRequest[];
  /** User messages in the order their responses were sent. */
  responseOrder: string[];
  close(): Promise<void>;
};

export type JudgeServerOptions = {
  /** P(YES) for a request, decided from the user message (null: answer without a judgement). */
  probabilityFor: (userMessage: string) => number | null;
  /** Milliseconds to hold a response, so concurrent completions finish out of order. */
  delayMs: (userMessage: string) => number;
  /** Tokens generated before `<judgement>` (so the verdict is not at a fixed index). */
  preambleFor?: (userMessage: string) => string[];
};

type Message = { role: string; content: string };

/** Starts the server on a free port. */
export async function startJudgeServer(options: JudgeServerOptions): Promise<JudgeServer> {
  const state = { requests: 0, bodies: [] as JudgeRequest[], responseOrder: [] as string[] };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      state.requests += 1;
      const parsed = JSON.parse(body) as JudgeRequest;
      state.bodies.push(parsed);
      const user = parsed.messages.find((message) => message.role === "user")?.content ?? "";
      const probability = options.probabilityFor(user);
      const tokens = [...(options.preambleFor?.(user) ?? []), ...(probability === null ? ["I", " cannot", " tell"] : ["<", "jud", "gement", ">", "VERDICT", "</", "jud", "gement", ">"])];
      const yes = probability === null ? 0 : Math.log(probability);
      const no = probability === null ? 0 : Math.log(1 - probability);
      const verdict = probability !== null && probability >= 0.5 ? "YES" : "NO";
      const content = tokens.map((token) => {
        if (token !== "VERDICT") return { token, logprob: -0.01, bytes: null, top_logprobs: [{ token, logprob: -0.01, bytes: null }] };
        const top = [
          { token: "YES", logprob: yes, bytes: null },
          { token: "NO", logprob: no, bytes: null },
          { token: "MAYBE", logprob: -20, bytes: null },
        ].filter((entry) => Number.isFinite(entry.logprob));
        return { token: verdict, logprob: verdict === "YES" ? yes : no, bytes: null, top_logprobs: top };
      });
      const text = content.map((entry) => entry.token).join("");
      const reply = {
        id: `judge-${state.requests}`,
        object: "chat.completion",
        created: 0,
        model: parsed.model,
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: text }, logprobs: parsed.logprobs ? { content } : null }],
        usage: { prompt_tokens: 10, completion_tokens: content.length, total_tokens: 10 + content.length },
      };
      setTimeout(() => {
        state.responseOrder.push(user);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(reply));
      }, options.delayMs(user));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    bodies: state.bodies,
    responseOrder: state.responseOrder,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
