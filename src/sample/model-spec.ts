/** Sampling parameters sent to an OpenAI-compatible server. */
export interface SamplingParams {
  /** @default 0.6 (the paper's setting) */
  temperature?: number;
  /** @default 0.95 */
  top_p?: number;
  /** Maximum completion tokens. @default 32768 */
  max_tokens?: number;
  stop?: string[];
}

/** One reference model and where it is served. */
export interface ModelSpec {
  /** Model id used in tables and policies, e.g. "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B". */
  id: string;
  /** Name the server serves it under. @default id */
  servedName?: string;
  /** Base URLs of OpenAI-compatible servers (…/v1). */
  endpoints: string[];
  /** Bound on in-flight requests per endpoint. @default 64 */
  concurrency?: number;
  /** "chat" (/v1/chat/completions) or "completions" (/v1/completions with a prompt template). @default "chat" */
  api?: "chat" | "completions";
  params?: SamplingParams;
  /** API key sent as a bearer token; read from the named environment variable. */
  apiKeyEnv?: string;
}

export interface SamplingOptions {
  /** Samples per (problem, model). @default 16 */
  samples?: number;
  /** `full` samples every model n times; `adaptive` stops once no sample can change a label. @default "full" */
  mode?: "full" | "adaptive";
  /** Keep completions in full, or only their hash and length. @default true */
  keepCompletions?: boolean;
  /** Base seed; sample i of problem p gets a seed derived from (seed, p, model, i). @default 0 */
  seed?: number;
  params?: SamplingParams;
}
