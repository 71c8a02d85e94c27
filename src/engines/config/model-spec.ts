/** Sampling parameters sent to an OpenAI-compatible server. */
export interface SamplingParams {
  /** @default 0.6 (the paper's setting) */
  temperature?: number;
  /** @default 0.95 */
  top_p?: number;
  /** Maximum completion tokens. @default 32768 */
  max_tokens?: number;
  stop?: string[];
  /** Top-k sampling (vLLM, SGLang; -1 = off). Sent only when set. */
  top_k?: number;
  /** Min-p sampling, 0..1 (vLLM, SGLang). Sent only when set. */
  min_p?: number;
  /** Repetition penalty, > 0 (vLLM, SGLang; 1 = off). Sent only when set. */
  repetition_penalty?: number;
  /** Presence penalty, -2..2 (OpenAI API). Sent only when set. */
  presence_penalty?: number;
  /** Frequency penalty, -2..2 (OpenAI API). Sent only when set. */
  frequency_penalty?: number;
  /** Arguments of the server's chat template, e.g. `{ enable_thinking: true }` (vLLM, SGLang). */
  chat_template_kwargs?: Record<string, unknown>;
  /** Any other request-body field the server reads, sent as is (its names are not checked: a server may ignore one it does not know). */
  extra?: Record<string, unknown>;
}

/** How a simulated model behaves (used when an endpoint is `sim://`). */
export interface SimModelSpec {
  /** Skill on the problems' latent difficulty scale (1..10): skill = difficulty solves half the time. */
  skill: number;
  /** Mean completion length in tokens. @default 1200 */
  meanTokens?: number;
}

/** How rungs starts a model's server itself (`rungs serve`, `rungs sample --serve`, the Slurm executor). */
export interface ServeSpec {
  /** `vllm` (`vllm serve`), `sglang` (`python -m sglang.launch_server`) or `command` (any program, from `command`). */
  engine: "vllm" | "sglang" | "command";
  /** Weights to serve: a Hub id or a local folder (vLLM's model, SGLang's `--model-path`; `{model}` in a command). */
  model: string;
  /** For `engine: "command"`: the program and its arguments, with `{port}`, `{host}`, `{model}`, `{servedName}`, `{gpus}`, `{runDir}` filled in. */
  command?: string[];
  /** More arguments for the server, appended as they are (e.g. `["--max-model-len", "34000"]`). */
  args?: string[];
  /** GPUs per server: tensor parallel size, and how many of the node's GPUs it gets (CUDA_VISIBLE_DEVICES). @default 1 (0 for command) */
  gpus?: number;
  /** Port. @default a free port picked when the server starts */
  port?: number;
  /** Address the server listens on. @default "127.0.0.1" */
  host?: string;
  /** Seconds to wait until `/v1/models` lists the served name. @default 1800 */
  readyTimeout?: number;
  /** Restarts of a server that dies after it was ready, before the run stops with its log. @default 2 */
  maxRestarts?: number;
  /** Environment variables of the server process. */
  env?: Record<string, string>;
}

/** One reference model and where it is served. */
export interface ModelSpec {
  /** Model id used in tables and policies, e.g. "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B". */
  id: string;
  /** Name the server serves it under. @default id */
  servedName?: string;
  /**
   * Base URLs of OpenAI-compatible servers (…/v1). The URL `sim://` starts the simulated server
   * in-process on a free loopback port with this run's problems and `sim.skill`. A model with a `serve`
   * block may leave them out: its server's address is used.
   */
  endpoints?: string[];
  /** Bound on in-flight requests per endpoint. @default 64 */
  concurrency?: number;
  /** "chat" (/v1/chat/completions) or "completions" (/v1/completions with a prompt template). @default "chat" */
  api?: "chat" | "completions";
  params?: SamplingParams;
  /** Completions-API prompt format with `{system}` and `{user}` slots (`{{#system}}…{{/system}}`: only with a system message), or `"server"` for the server's own chat template (llama.cpp `/apply-template`). @default DEFAULT_PROMPT_TEMPLATE (DeepSeek-R1) */
  promptTemplate?: string;
  /** API key sent as a bearer token; read from the named environment variable. */
  apiKeyEnv?: string;
  /** The simulated model behind a `sim://` endpoint. */
  sim?: SimModelSpec;
  /** How rungs starts this model's server itself (with `--serve`, `rungs serve`, `rungs slurm`). */
  serve?: ServeSpec;
}

export const TOKEN_COUNTS_SETTINGS = ["auto", "per-sample-requests", "token-ids", "response"] as const;
export type TokenCountsSetting = (typeof TOKEN_COUNTS_SETTINGS)[number];

export interface SamplingOptions {
  /** Samples per (problem, model). @default 16 */
  samples?: number;
  /** `full` samples every model n times; `adaptive` stops once no sample can change a label. @default "full" */
  mode?: "full" | "adaptive";
  /** Options of `mode: "adaptive"`. */
  adaptive?: {
    /**
     * What must equal full sampling: `levels` (each problem's outcome and level set; the staged `rule`
     * lists the rules still possible where the samples do not single one out) or `rules` (the rule name
     * of every staged row too, for more samples). @default "levels"
     */
    exactness?: "levels" | "rules";
    /**
     * Value policies (a rule needs a pass rate's value: 0.1 < p < 0.6, buckets, pass counts): stop a
     * problem once the posterior predictive probability (uniform Beta prior on each pass rate) that its
     * label differs from full sampling's is at most delta; 0 stops only when the label is proven. @default 0.01
     */
    delta?: number;
    /**
     * Ask each (problem, model) in growing requests: as many samples as are drawn, at least 1 and at most
     * to the end of the `requestSize` chunk (1, 1, 2, then whole chunks at size 4), so problems the first
     * samples settle stop early. Later parts of a chunk are asked with its seed + offset: the samples of a
     * full run only where the server samples choice j with seed + j (llama.cpp, vLLM's V1 engine). "auto": for
     * the models whose `/v1/models` entry names one of those servers (owned_by llamacpp or vllm). @default "auto"
     */
    growRequests?: boolean | "auto";
  };
  /** Keep completions in full, or only their hash and length. @default true */
  keepCompletions?: boolean;
  /**
   * Base seed; the request for samples [start, start+k) of problem p gets a seed derived from
   * (seed, p, model, start), and sample start+j is its j-th choice. @default 0
   */
  seed?: number;
  /**
   * Samples per request (`n`); requests cover aligned chunks [k·r, k·r + r) of sample indices, so a
   * run that stops early agrees sample by sample with a full run. Changing it changes the seeds. @default 4
   */
  requestSize?: number;
  /** Per-request timeout in milliseconds. @default 600000 */
  timeoutMs?: number;
  /** Attempts per request before the run stops with an error; more while other requests show random faults. @default 8 */
  maxAttempts?: number;
  /** First retry delay in ms (doubling, jittered; a Retry-After header wins). @default 250 */
  backoffMs?: number;
  /** How long an endpoint that keeps failing stays out before a probe, in ms (doubling per outage). @default 2000 */
  cooldownMs?: number;
  /**
   * Once every endpoint of a model is out of rotation and none has answered for this long ("5m", "90s",
   * "500ms"; waiting counts), the run stops with an error naming them; what finished is stored. @default "5m"
   */
  giveUpAfter?: string;
  /**
   * A request the server refuses for its problem (a 4xx such as a prompt longer than the context, or the
   * same 5xx three times while other requests succeed): "skip" records it per (problem, model) with the
   * server's message and goes on (a rerun retries it); "stop" ends the run. @default "skip"
   */
  onBadRequest?: "skip" | "stop";
  /**
   * How each sample's completion_tokens is counted exactly (never estimated): "auto" by the server the
   * up-front /v1/models check names (llama.cpp: requests of one sample with seeds seed + j, the same samples
   * as n = k; vLLM: `return_token_ids`, counted per choice; SGLang and unknown servers: null for n > 1);
   * "per-sample-requests": requests of one sample on every server (on vLLM and SGLang other samples than
   * n = k draws); "token-ids": ask every server for token ids; "response": only what a response carries
   * as sent (the usage of n = 1 requests, token ids a server returns unasked). @default "auto"
   */
  tokenCounts?: TokenCountsSetting;
  /** Math verifier worker threads; 0 verifies on the main thread (small runs, no worker start-up). @default the pool's default (one per core) */
  verifyThreads?: number;
  /** Rollouts buffered before a Parquet part is written. @default 2000 */
  flushRows?: number;
  /** Longest time (ms) a finished rollout waits in memory before it is written. @default 15000 */
  flushMs?: number;
  params?: SamplingParams;
}
