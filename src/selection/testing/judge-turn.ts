// Test support: a scripted judge answer (`<judgement>YES|NO</judgement>` with per-token logprobs) for the scripted LLM,
// shaped as an OpenAI-compatible server returns them: the verdict token's top list holds YES and NO.
import type { TokenLogprob } from "../../llm/llm-client.js";
import type { ScriptedTurn } from "../../llm/testing/scripted-llm.js";

/** A judge turn whose verdict token gives P(YES) = `probability` (0 < probability < 1). */
export function judgeTurn(probability: number): ScriptedTurn {
  const yes = Math.log(probability);
  const no = Math.log(1 - probability);
  const verdict = probability >= 0.5 ? "YES" : "NO";
  const plain = (token: string): TokenLogprob => ({ token, logprob: -0.01, top: [{ token, logprob: -0.01 }] });
  const logprobs: TokenLogprob[] = [
    ...["<", "jud", "gement", ">"].map(plain),
    { token: verdict, logprob: verdict === "YES" ? yes : no, top: [{ token: "YES", logprob: yes }, { token: "NO", logprob: no }] },
    ...["</", "jud", "gement", ">"].map(plain),
  ];
  return { content: logprobs.map((token) => token.token).join(""), logprobs };
}
