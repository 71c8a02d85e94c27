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
}

/** One choice as the engine keeps it. */
export interface CompletionChoice {
  index: number;
  text: string;
  finish_reason: string;
  /** This choice's share of `usage.completion_tokens` (servers report only the total for n > 1). */
  completion_tokens: number | null;
}

export interface CompletionResult {
  choices: CompletionChoice[];
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
}

/** Wire shape of an OpenAI-compatible response (only what we read). */
interface ApiCompletionResponse {
  choices?: { index?: number; text?: string | null; message?: { content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null }[];
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
  const choices = json.choices.map((choice, position) => {
    // Reasoning servers (vLLM --reasoning-parser) split the thinking out; the verifier wants the whole text.
    const content = request.api === "chat" ? joinReasoning(choice.message?.reasoning_content, choice.message?.content) : choice.text;
    if (typeof content !== "string") throw new MalformedResponseError(`choices[${position}] has no ${request.api === "chat" ? "message.content" : "text"}`);
    const index = typeof choice.index === "number" ? choice.index : position;
    if (index < 0 || index >= request.n) throw new MalformedResponseError(`choices[${position}].index ${index} is out of range`);
    return { index, text: content, finish_reason: choice.finish_reason ?? "unknown", completion_tokens: null as number | null };
  });
  choices.sort((a, b) => a.index - b.index);
  if (new Set(choices.map((c) => c.index)).size !== choices.length) throw new MalformedResponseError("choices repeat an index");
  const promptTokens = numberOrNull(json.usage?.prompt_tokens);
  const completionTokens = numberOrNull(json.usage?.completion_tokens);
  if (completionTokens !== null) splitTokens(choices, completionTokens);
  return { choices, prompt_tokens: promptTokens, completion_tokens: completionTokens, latency_ms: latencyMs };
}

function joinReasoning(reasoning: string | null | undefined, content: string | null | undefined): string | undefined {
  if (typeof reasoning === "string" && reasoning.length) return `<think>\n${reasoning}\n</think>\n\n${content ?? ""}`;
  return typeof content === "string" ? content : undefined;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Shares the total completion tokens out by text length, summing exactly to the total. */
function splitTokens(choices: CompletionChoice[], total: number): void {
  const chars = choices.reduce((sum, c) => sum + c.text.length, 0);
  let given = 0;
  choices.forEach((choice, i) => {
    const share = i === choices.length - 1 ? total - given : chars > 0 ? Math.round((total * choice.text.length) / chars) : Math.floor(total / choices.length);
    choice.completion_tokens = Math.max(0, share);
    given += choice.completion_tokens;
  });
}
