import { SampleError } from "../../core/errors.js";
import type { EndpointPool } from "../../engines/llm-client/endpoint-pool.js";
import type { CompletionRequest, CompletionResult } from "../../engines/llm-client/openai-api.js";

/** The largest `n` a server's 400 names, e.g. llama.cpp's "Field 'n': Value must be between 1 <= value <= 4, but got 8". */
export function nLimitOf(message: string): number | undefined {
  if (!/(?:^|[^\w])['"`]?n['"`]?(?:[^\w]|$)/.test(message)) return undefined;
  const match = /<=\s*(\d+)\s*,|between\s+1\s+and\s+(\d+)|\b1\s+to\s+(\d+)|at most\s+(\d+)/i.exec(message);
  const bound = match ? Number(match[1] ?? match[2] ?? match[3] ?? match[4]) : NaN;
  return Number.isInteger(bound) && bound >= 1 ? bound : undefined;
}

export type ChunkedResult = CompletionResult & {
  endpoint: string;
  /** The requests sent (one, or one per chunk): the first choice index of each and its prompt tokens (usage). */
  requests: { start: number; prompt_tokens: number | null }[];
};

/** What a model's server accepts, learned from its answers (shared by every request to the model). */
export interface ServerLimits {
  /** Largest n of one request, once a 400 has named it. */
  maxN?: number;
}

/**
 * Sends a request for n samples; when the server's bound on `n` is lower (llama.cpp: its parallel slots), in
 * chunks of at most that bound, chunk k asking for samples o..o+m-1 with seed + o — llama.cpp samples choice j
 * with seed + j, so the samples are the ones a single request would have given (requests of one sample, for exact
 * token counts, are chunks of 1). Choices come back indexed as in the whole request; prompt tokens are the first
 * chunk's (the prompt is the same), and `requests` lists every chunk with its own.
 */
export async function completeInChunks(
  pool: EndpointPool,
  limits: ServerLimits,
  request: CompletionRequest,
  label: { problemId: string; text: string },
  stop?: AbortSignal,
): Promise<ChunkedResult> {
  for (;;) {
    const size = Math.min(request.n, limits.maxN ?? request.n);
    try {
      if (size >= request.n) {
        const result = await pool.complete(request, label, stop);
        return { ...result, requests: [{ start: 0, prompt_tokens: result.prompt_tokens }] };
      }
      const offsets = Array.from({ length: Math.ceil(request.n / size) }, (_, k) => k * size);
      const send = (offset: number) => {
        const n = Math.min(size, request.n - offset);
        return pool.complete({ ...request, n, seed: request.seed + offset }, { ...label, text: `${label.text} (chunk of n=${n} from sample ${offset}, seed ${request.seed + offset})` }, stop);
      };
      // The first chunk goes alone: a prompt the server refuses (over the context, a deterministic 5xx) then fails
      // once rather than once per chunk, and k first attempts failing together would take the endpoint out.
      const first = await send(0);
      const parts = [first, ...(await Promise.all(offsets.slice(1).map(send)))];
      return {
        choices: parts.flatMap((part, k) => part.choices.map((choice) => ({ ...choice, index: choice.index + offsets[k] }))),
        prompt_tokens: parts[0].prompt_tokens,
        completion_tokens: parts.every((p) => p.completion_tokens !== null) ? parts.reduce((sum, p) => sum + p.completion_tokens!, 0) : null,
        latency_ms: Math.max(...parts.map((p) => p.latency_ms)),
        endpoint: parts[0].endpoint,
        requests: parts.map((part, k) => ({ start: offsets[k], prompt_tokens: part.prompt_tokens })),
      };
    } catch (error) {
      const bound = error instanceof SampleError ? nLimitOf(error.message) : undefined;
      if (bound === undefined || bound >= size) throw error;
      limits.maxN = bound;
    }
  }
}
