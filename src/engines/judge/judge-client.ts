import type { JudgeOpinion } from "../../../schemas/judge-verdicts.js";
import { LlmServerError, SampleError, UsageError } from "../../core/errors.js";
import { EndpointPool } from "../llm-client/endpoint-pool.js";
import { renderJudgePrompt, type JudgeSlots } from "./judge-prompt.js";
import { parseJudgeVerdict } from "./parse-judge-verdict.js";
import type { ResolvedJudge } from "./resolve-judge.js";

/** Characters of a judge's answer kept in the table (its end, where the verdict is). */
export const JUDGE_OUTPUT_CHARS = 2000;

export interface JudgeAnswer {
  opinion: JudgeOpinion;
  /** The judge's text (its end), or the server's refusal of the request. */
  output: string;
  endpoint: string | null;
  latencyMs: number | null;
}

export interface JudgeClientOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  onRetry?: (info: { endpoint: string; attempt: number; error: string }) => void;
}

/**
 * Asks a judge model over the sampling client's endpoint pool (least-loaded routing, bounded in-flight,
 * retries with backoff, endpoints taken out and probed back). A server fault is retried and, when the
 * attempts run out, thrown (LlmServerError): it is never stored as an opinion. A request the server
 * refuses (4xx) gets "no_opinion" with the refusal as its output.
 */
export class JudgeClient {
  private readonly pool: EndpointPool;

  constructor(
    readonly judge: ResolvedJudge,
    endpoints: readonly string[],
    { fetch, signal, onRetry }: JudgeClientOptions = {},
  ) {
    const apiKey = judge.apiKeyEnv ? process.env[judge.apiKeyEnv] : undefined;
    if (judge.apiKeyEnv && !apiKey) throw new UsageError(`verifier.judge.apiKeyEnv: the environment variable ${judge.apiKeyEnv} is not set`);
    this.pool = new EndpointPool(judge.model, endpoints, {
      concurrency: judge.concurrency,
      timeoutMs: judge.timeoutMs,
      maxAttempts: judge.maxAttempts,
      backoffMs: judge.backoffMs,
      cooldownMs: judge.cooldownMs,
      ...(apiKey ? { apiKey } : {}),
      ...(fetch ? { fetch } : {}),
      ...(signal ? { signal } : {}),
      ...(onRetry ? { onRetry } : {}),
    });
  }

  /** Up-front check that every endpoint serves the judge. */
  check(): Promise<void> {
    return this.pool.check(this.judge.servedName).then(
      () => undefined,
      (error: unknown) => {
        throw asJudgeError(error);
      },
    );
  }

  async ask(slots: JudgeSlots, label: { problemId: string; text: string }, stop?: AbortSignal): Promise<JudgeAnswer> {
    const { prompt, servedName, maxTokens } = this.judge;
    try {
      const result = await this.pool.complete(
        { api: "chat", model: servedName, messages: renderJudgePrompt(prompt, slots), n: 1, temperature: 0, top_p: 1, max_tokens: maxTokens, seed: 0 },
        label,
        stop,
      );
      const text = result.choices[0].text;
      return { opinion: parseJudgeVerdict(text, prompt), output: text.slice(-JUDGE_OUTPUT_CHARS), endpoint: result.endpoint, latencyMs: result.latency_ms };
    } catch (error) {
      if (error instanceof SampleError) return { opinion: "no_opinion", output: `refused: ${error.message.replace(/^sample: /, "")}`.slice(0, JUDGE_OUTPUT_CHARS), endpoint: null, latencyMs: null };
      throw asJudgeError(error);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The pool names its caller "sample"; a judge's server failure says "judge" instead. */
function asJudgeError(error: unknown): unknown {
  if (!(error instanceof LlmServerError)) return error;
  const renamed = new LlmServerError(`judge: ${error.message.replace(/^sample: /, "")}`, error.endpoint);
  renamed.stack = error.stack;
  return renamed;
}
