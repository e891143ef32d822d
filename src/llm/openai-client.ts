// LlmClient for OpenAI-compatible chat endpoints (vLLM, SGLang, LLaMA-Factory's API, OpenAI) with retries and usage totals.
import OpenAI from "openai";
import type { ChatCompletion as OpenAiChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { badOptionValue, CancelledError, ExternalError } from "../core/errors.js";
import { maskSecrets } from "../util/redact.js";
import type { ChatCompletion, LlmClient, LlmMessage, SamplingParams, TokenLogprob, Usage } from "./llm-client.js";
import { abortableDelay, backoffDelayMs, isRetriableStatus, retryAfterFromHeaders } from "./retry.js";

export type OpenAiClientOptions = {
  /** Endpoint root, e.g. `http://127.0.0.1:8000/v1` (a bare `http://host:port` gets `/v1` appended). */
  baseUrl: string;
  model: string;
  /** Name of the environment variable holding the API key; the key itself is never stored or logged. */
  apiKeyEnv?: string;
  /** Retries after the first attempt on 408/409/429/5xx, connection errors and timeouts (default 5, as R2E). */
  maxRetries?: number;
  /** Per-request timeout in ms (default 600 000). */
  timeoutMs?: number;
  /** Backoff: first delay and cap in ms (defaults 1000 and 60 000). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  fetch?: typeof fetch;
  /** Environment to read the key from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Called before each retry (for progress events); receives no secret. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
};

export type UsageTotals = Usage & { requests: number; retries: number; failures: number };

export type OpenAiLlmClient = LlmClient & {
  readonly baseUrl: string;
  /** Token and request totals since the client was created. */
  usageTotals(): UsageTotals;
};

/** Normalizes an endpoint URL: trims the trailing slash and appends `/v1` to a bare host. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw badOptionValue("--llm-url", "an http(s) URL", baseUrl);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badOptionValue("--llm-url", "an http(s) URL", baseUrl);
  }
  const trimmed = baseUrl.replace(/\/+$/, "");
  return url.pathname === "/" || url.pathname === "" ? `${trimmed}/v1` : trimmed;
}

/** Builds the request body: OpenAI fields plus `top_k` as an extra body parameter (vLLM/SGLang accept it). */
export function buildRequestBody(model: string, messages: LlmMessage[], params: SamplingParams = {}): ChatCompletionCreateParamsNonStreaming {
  const body: Record<string, unknown> = { model, messages: messages.map((m) => ({ role: m.role, content: m.content })) };
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.topK !== undefined) body.top_k = params.topK;
  if (params.maxTokens !== undefined) body.max_tokens = params.maxTokens;
  if (params.seed !== undefined) body.seed = params.seed;
  if (params.stop !== undefined && params.stop.length > 0) body.stop = params.stop;
  if (params.topLogprobs !== undefined) {
    body.logprobs = true;
    body.top_logprobs = params.topLogprobs;
  }
  return body as unknown as ChatCompletionCreateParamsNonStreaming;
}

/** Maps an OpenAI response to entropo's ChatCompletion. */
function toChatCompletion(response: OpenAiChatCompletion, fallbackModel: string): ChatCompletion {
  const choice = response.choices[0];
  const usage = response.usage
    ? {
        promptTokens: response.usage.prompt_tokens,
        completionTokens: response.usage.completion_tokens,
        totalTokens: response.usage.total_tokens,
      }
    : null;
  const content = choice?.logprobs?.content ?? null;
  const logprobs: TokenLogprob[] | null =
    content === null
      ? null
      : content.map((entry) => ({
          token: entry.token,
          logprob: entry.logprob,
          top: (entry.top_logprobs ?? []).map((alt) => ({ token: alt.token, logprob: alt.logprob })),
        }));
  return {
    content: choice?.message.content ?? "",
    finishReason: choice?.finish_reason ?? null,
    usage,
    logprobs,
    model: response.model || fallbackModel,
  };
}

/** Creates an LlmClient for an OpenAI-compatible endpoint; retries transient failures with exponential backoff. */
export function createOpenAiClient(options: OpenAiClientOptions): OpenAiLlmClient {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const env = options.env ?? process.env;
  const apiKeyEnv = options.apiKeyEnv ?? "OPENAI_API_KEY";
  const apiKey = env[apiKeyEnv];
  const secrets = apiKey !== undefined && apiKey !== "" ? [apiKey] : [];
  const maxRetries = options.maxRetries ?? 5;
  const backoff = { baseDelayMs: options.retryBaseDelayMs ?? 1000, maxDelayMs: options.retryMaxDelayMs ?? 60_000 };
  const sdk = new OpenAI({
    baseURL: baseUrl,
    // Local servers (vLLM, LLaMA-Factory) accept any key; the SDK insists on one.
    apiKey: secrets[0] ?? "no-key",
    maxRetries: 0,
    timeout: options.timeoutMs ?? 600_000,
    logLevel: "off",
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const totals: UsageTotals = { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, retries: 0, failures: 0 };

  async function complete(messages: LlmMessage[], params?: SamplingParams, signal?: AbortSignal): Promise<ChatCompletion> {
    const body = buildRequestBody(options.model, messages, params);
    for (let attempt = 0; ; attempt += 1) {
      if (signal?.aborted) throw new CancelledError();
      totals.requests += 1;
      try {
        const response = await sdk.chat.completions.create(body, signal === undefined ? {} : { signal });
        const completion = toChatCompletion(response, options.model);
        if (completion.usage) {
          totals.promptTokens += completion.usage.promptTokens;
          totals.completionTokens += completion.usage.completionTokens;
          totals.totalTokens += completion.usage.totalTokens;
        }
        return completion;
      } catch (error) {
        if (error instanceof OpenAI.APIUserAbortError || signal?.aborted) throw new CancelledError();
        const { retriable, reason, retryAfterMs } = classify(error);
        if (!retriable || attempt >= maxRetries) {
          totals.failures += 1;
          throw new ExternalError(`LLM request to ${baseUrl} failed after ${attempt + 1} attempt(s): ${maskSecrets(reason, secrets)}`, {
            code: "LLM_QUERY_ERROR",
            hint: retriable ? "the endpoint kept failing; check the server" : "check --llm-url, --model and the API key variable",
          });
        }
        const delayMs = backoffDelayMs(attempt, backoff, retryAfterMs);
        totals.retries += 1;
        options.onRetry?.({ attempt: attempt + 1, delayMs, reason: maskSecrets(reason, secrets) });
        await abortableDelay(delayMs, signal);
      }
    }
  }

  return { model: options.model, baseUrl, complete, usageTotals: () => ({ ...totals }) };
}

function classify(error: unknown): { retriable: boolean; reason: string; retryAfterMs?: number } {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { retriable: true, reason: "request timed out" };
  if (error instanceof OpenAI.APIConnectionError) return { retriable: true, reason: `connection error (${error.message})` };
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const retryAfterMs = retryAfterFromHeaders(error.headers);
    const result = { retriable: isRetriableStatus(status), reason: `HTTP ${status ?? "?"}: ${error.message}` };
    return retryAfterMs === undefined ? result : { ...result, retryAfterMs };
  }
  return { retriable: false, reason: error instanceof Error ? error.message : String(error) };
}
