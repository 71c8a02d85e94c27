import type { ChatMessage } from "../../core/prompt-template.js";

/** What the engine asks of a server for one chunk of samples. */
export interface CompletionRequest {
  api: "chat" | "completions";
  /** Served model name. */
  model: string;
  messages: ChatMessage[];
  /** The prompt text for the completions API (the messages rendered with the model's template). */
  prompt?: string;
  n: number;
  temperature: number;
  top_p: number;
  max_tokens: number;
  seed: number;
  stop?: string[];
  /** Sampling parameters beyond the ones above, sent as they are (names the settings checked are not reserved). */
  extra?: Record<string, unknown>;
  /** Ask for each choice's token ids (vLLM >= 0.10.2 `return_token_ids`), to count its tokens exactly. @default false */
  returnTokenIds?: boolean;
}

/** One choice as the engine keeps it. */
export interface CompletionChoice {
  index: number;
  text: string;
  finish_reason: string;
  /**
   * This choice's completion tokens, exact or null: the usage of a request of one choice, or the token ids
   * the server returned for it. A request of n > 1 reports only a total (vLLM, SGLang) or choice 0's
   * (llama.cpp), which cannot be split exactly, so it is never shared out.
   */
  completion_tokens: number | null;
  /** How completion_tokens was obtained; null when it is unknown. */
  completion_tokens_source: "usage" | "token_ids" | null;
}

export interface CompletionResult {
  choices: CompletionChoice[];
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
}

/** Wire shape of an OpenAI-compatible response (only what we read). */
interface ApiCompletionResponse {
  choices?: { index?: number; text?: string | null; message?: { content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null; token_ids?: unknown }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** The path and JSON body of a request. */
export function requestBody(request: CompletionRequest): { path: string; body: Record<string, unknown> } {
  const common = {
    ...request.extra,
    model: request.model,
    n: request.n,
    temperature: request.temperature,
    top_p: request.top_p,
    max_tokens: request.max_tokens,
    seed: request.seed,
    ...(request.stop?.length ? { stop: request.stop } : {}),
    ...(request.returnTokenIds ? { return_token_ids: true } : {}),
  };
  if (request.api === "chat") return { path: "/chat/completions", body: { ...common, messages: request.messages } };
  return { path: "/completions", body: { ...common, prompt: request.prompt } };
}

/** A 2xx body that is not the expected shape: retried like a server fault, reported if it persists. */
export class MalformedResponseError extends Error {
  override name = "MalformedResponseError";
}

/** Parses and checks a response body; throws MalformedResponseError naming what is wrong. */
export function parseCompletionResponse(text: string, request: CompletionRequest, latencyMs: number): CompletionResult {
  let json: ApiCompletionResponse;
  try {
    json = JSON.parse(text) as ApiCompletionResponse;
  } catch {
    throw new MalformedResponseError(`the body is not JSON (starts ${JSON.stringify(text.slice(0, 60))})`);
  }
  if (!json || typeof json !== "object" || !Array.isArray(json.choices)) throw new MalformedResponseError("`choices` is missing or not a list");
  if (json.choices.length !== request.n) throw new MalformedResponseError(`expected ${request.n} choices, got ${json.choices.length}`);
  const choices = json.choices.map((choice, position): CompletionChoice => {
    // Reasoning servers (vLLM --reasoning-parser) split the thinking out; the verifier wants the whole text.
    const content = request.api === "chat" ? joinReasoning(choice.message?.reasoning_content, choice.message?.content) : choice.text;
    if (typeof content !== "string") throw new MalformedResponseError(`choices[${position}] has no ${request.api === "chat" ? "message.content" : "text"}`);
    const index = typeof choice.index === "number" ? choice.index : position;
    if (index < 0 || index >= request.n) throw new MalformedResponseError(`choices[${position}].index ${index} is out of range`);
    const tokenIds = choice.token_ids;
    if (tokenIds !== undefined && tokenIds !== null && !Array.isArray(tokenIds)) throw new MalformedResponseError(`choices[${position}].token_ids is not a list`);
    // vLLM's token ids of a choice (return_token_ids) count it exactly, whatever n is.
    const counted = tokenIds ? { completion_tokens: tokenIds.length, completion_tokens_source: "token_ids" as const } : { completion_tokens: null, completion_tokens_source: null };
    return { index, text: content, finish_reason: choice.finish_reason ?? "unknown", ...counted };
  });
  choices.sort((a, b) => a.index - b.index);
  if (new Set(choices.map((c) => c.index)).size !== choices.length) throw new MalformedResponseError("choices repeat an index");
  const promptTokens = numberOrNull(json.usage?.prompt_tokens);
  const completionTokens = numberOrNull(json.usage?.completion_tokens);
  // With one choice the usage is that choice's (every server); with more it is a total or choice 0's alone.
  if (request.n === 1 && completionTokens !== null && choices[0].completion_tokens_source === null) Object.assign(choices[0], { completion_tokens: completionTokens, completion_tokens_source: "usage" });
  return { choices, prompt_tokens: promptTokens, completion_tokens: completionTokens, latency_ms: latencyMs };
}

function joinReasoning(reasoning: string | null | undefined, content: string | null | undefined): string | undefined {
  if (typeof reasoning === "string" && reasoning.length) return `<think>\n${reasoning}\n</think>\n\n${content ?? ""}`;
  return typeof content === "string" ? content : undefined;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
