import { z } from "zod";
import { bool, field, int, list, num, oneOf, pattern, str, strict } from "./schema-fields.js";
import { TOKEN_COUNTS_SETTINGS } from "./model-spec.js";

export const samplingParamsSchema = strict(
  {
    /** @default 0.6 (the paper's setting) */
    temperature: field(num({ ge: 0, le: 2 }), "Sampling temperature.", 0.6).optional(),
    /** @default 0.95 */
    top_p: field(num({ gt: 0, le: 1 }), "Nucleus sampling: the smallest token set whose probability reaches top_p.", 0.95).optional(),
    /** Maximum completion tokens. @default 32768 */
    max_tokens: field(int(1), "Maximum completion tokens.", 32768).optional(),
    /** Strings that end a completion. */
    stop: field(list(z.string()), "Strings that end a completion.", "~none").optional(),
    /** Top-k sampling (vLLM, SGLang; -1 = off). */
    top_k: field(int(-1), "Top-k sampling (vLLM, SGLang; -1 = off); sent only when set.", "~none").optional(),
    /** Min-p sampling (vLLM, SGLang). */
    min_p: field(num({ ge: 0, le: 1 }), "Min-p sampling (vLLM, SGLang); sent only when set.", "~none").optional(),
    /** Repetition penalty (vLLM, SGLang; 1 = off). */
    repetition_penalty: field(num({ gt: 0 }), "Repetition penalty (vLLM, SGLang; 1 = off); sent only when set.", "~none").optional(),
    /** Presence penalty (OpenAI API). */
    presence_penalty: field(num({ ge: -2, le: 2 }), "Presence penalty (OpenAI API); sent only when set.", "~none").optional(),
    /** Frequency penalty (OpenAI API). */
    frequency_penalty: field(num({ ge: -2, le: 2 }), "Frequency penalty (OpenAI API); sent only when set.", "~none").optional(),
    /** Arguments of the server's chat template. */
    chat_template_kwargs: field(z.record(z.string(), z.unknown()), "Arguments of the server's chat template, e.g. { enable_thinking: true } (vLLM, SGLang).", "~none").optional(),
    /** Any other request-body field the server reads, sent as is. */
    extra: field(z.record(z.string(), z.unknown()), "Any other request-body field the server reads, sent as is (names not checked).", "~none").optional(),
  },
  "Sampling parameters sent to an OpenAI-compatible server.",
);

export const simModelSchema = strict(
  {
    /** Skill on the problems' latent difficulty scale (1..10): skill = difficulty solves half the time. */
    skill: field(num(), "Skill on the problems' latent difficulty scale (1..10): skill = difficulty solves half the time."),
    /** Mean completion length in tokens. @default 1200 */
    meanTokens: field(num({ gt: 0 }), "Mean completion length in tokens.", 1200).optional(),
  },
  "How a simulated model behaves (used when an endpoint is sim://).",
);

export const serveSchema = strict(
  {
    /** vllm, sglang or command. */
    engine: field(oneOf(["vllm", "sglang", "command"]), 'vllm (vllm serve), sglang (python -m sglang.launch_server) or command (any program, from command).'),
    /** Weights to serve: a Hub id or a local folder. */
    model: field(str(true), "Weights to serve: a Hub id or a local folder ({model} in a command)."),
    /** For engine "command": the program and its arguments. */
    command: field(list(str(true), 1), 'For engine "command": the program and its arguments; {port}, {host}, {model}, {servedName}, {gpus}, {runDir} are filled in.', "~none").optional(),
    /** More arguments for the server, appended as they are. */
    args: field(list(z.string()), 'More arguments for the server, appended as they are (e.g. ["--max-model-len", "34000"]).', []).optional(),
    /** GPUs per server (tensor parallel size). */
    gpus: field(int(0), "GPUs per server: tensor parallel size, and how many of the node's GPUs it gets (CUDA_VISIBLE_DEVICES).", "~1 (0 for command)").optional(),
    /** Port. */
    port: field(int(1, 65535), "Port the server listens on.", "~a free port picked when it starts").optional(),
    /** Address the server listens on. */
    host: field(str(true), "Address the server listens on.", "127.0.0.1").optional(),
    /** Seconds to wait until /v1/models lists the served name. */
    readyTimeout: field(num({ gt: 0 }), "Seconds to wait until /v1/models lists the served name.", 1800).optional(),
    /** Restarts of a server that dies after it was ready. */
    maxRestarts: field(int(0), "Restarts of a server that dies after it was ready, before the run stops with its log.", 2).optional(),
    /** Environment variables of the server process. */
    env: field(z.record(z.string(), z.string()), "Environment variables of the server process.", "~none").optional(),
  },
  "How rungs starts this model's server itself (--serve, rungs serve, rungs slurm).",
);

const endpointUrl = pattern(/^(https?:\/\/[^\s/]+|sim:)/, "an http(s):// URL or sim://");

export const modelSchema = strict(
  {
    /** Model id used in tables and policies, e.g. "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B". */
    id: field(str(true), 'Model id used in tables and policies, e.g. "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B".'),
    /** Name the server serves it under. @default id */
    servedName: field(str(true), "Name the server serves it under.", "~the model's id").optional(),
    /** Base URLs of OpenAI-compatible servers (…/v1); `sim://` starts the simulated server in-process. */
    endpoints: field(list(endpointUrl, 1), "Base URLs of OpenAI-compatible servers (…/v1); sim:// starts the simulated server in-process. A model with a serve block may leave them out.", "~its serve block's server").optional(),
    /** Bound on in-flight requests per endpoint. @default 64 */
    concurrency: field(int(1), "Bound on in-flight requests per endpoint.", 64).optional(),
    /** "chat" (/v1/chat/completions) or "completions" (/v1/completions with a prompt template). @default "chat" */
    api: field(oneOf(["chat", "completions"]), '"chat" (/v1/chat/completions) or "completions" (/v1/completions with a prompt template).', "chat").optional(),
    /** Sampling parameters of this model, over `sampling.params`. */
    params: field(samplingParamsSchema, "Sampling parameters of this model, over sampling.params.", "~sampling.params").optional(),
    /** Completions-API prompt format with `{system}` and `{user}` slots (`{{#system}}…{{/system}}`: only with a system message), or `"server"` for the server's own chat template (llama.cpp `/apply-template`). @default DEFAULT_PROMPT_TEMPLATE (DeepSeek-R1) */
    promptTemplate: field(str(true), "Completions-API prompt format with {system} and {user} slots; {{#system}}…{{/system}} wraps markers rendered only when there is a system message. \"server\": the server's own chat template (llama.cpp POST /apply-template), fetched once per problem; a server without it stops the run.", "~the DeepSeek-R1 format").optional(),
    /** API key sent as a bearer token; read from the named environment variable. */
    apiKeyEnv: field(str(true), "API key sent as a bearer token; read from the named environment variable.", "~no key").optional(),
    /** The simulated model behind a `sim://` endpoint. */
    sim: field(simModelSchema, "The simulated model behind a sim:// endpoint.").optional(),
    /** How rungs starts this model's server itself. */
    serve: field(serveSchema, "How rungs starts this model's server itself (with --serve, rungs serve, rungs slurm).").optional(),
  },
  "One reference model and where it is served.",
);

export const samplingSchema = strict(
  {
    /** Samples per (problem, model). @default 16 */
    samples: field(int(1), "Samples per (problem, model).", 16).optional(),
    /** `full` samples every model n times; `adaptive` stops once no sample can change a label. @default "full" */
    mode: field(oneOf(["full", "adaptive"]), "full samples every model n times; adaptive stops once no sample can change a label.", "full").optional(),
    /** Options of `mode: "adaptive"`. */
    adaptive: field(
      strict({
        /** What must equal full sampling: `levels` or `rules` (the rule name of every staged row too). @default "levels" */
        exactness: field(oneOf(["levels", "rules"]), "What must equal full sampling: levels (each problem's level set) or rules (the rule of every staged row too).", "levels").optional(),
        /** Value policies (thresholds such as 0.1 < p < 0.6): the largest accepted probability that a problem's label differs from full sampling's; 0 = exact. @default 0.01 */
        delta: field(
          num({ ge: 0, lt: 0.5 }),
          "Value policies (thresholds such as 0.1 < p < 0.6, buckets, pass counts): stop a problem once the posterior predictive probability (uniform Beta prior) that its label differs from full sampling's is at most delta; 0 stops only on proof.",
          0.01,
        ).optional(),
        /** Ask each (problem, model) in growing requests (1, 1, 2, then whole chunks); later parts of a chunk with its seed + offset. @default "auto" */
        growRequests: field(
          z.union([bool(), z.literal("auto")]),
          'Ask each (problem, model) in growing requests: as many samples as are drawn (at least 1, at most to the end of the requestSize chunk), so problems the first samples settle stop early. Later parts of a chunk are asked with its seed + offset: a full run\'s samples only where the server samples choice j with seed + j (llama.cpp, vLLM\'s V1 engine). "auto": for the models whose /v1/models entry is owned by llamacpp or vllm.',
          "auto",
        ).optional(),
      }),
      'Options of mode: "adaptive".',
    ).optional(),
    /** Keep completions in full, or only their hash and length. @default true */
    keepCompletions: field(bool(), "Keep completions in full, or only their hash and length.", true).optional(),
    /** Base seed of the per-request seeds. @default 0 */
    seed: field(int(0), "Base seed of the per-request seeds (derived from seed, problem, model, first sample).", 0).optional(),
    /** Samples per request (`n`); changing it changes the seeds. @default 4 */
    requestSize: field(int(1), "Samples per request (n); changing it changes the seeds.", 4).optional(),
    /** Per-request timeout in milliseconds. @default 600000 */
    timeoutMs: field(int(1), "Per-request timeout in milliseconds.", 600000).optional(),
    /** Attempts per request before the run stops with an error; more while other requests show random faults. @default 8 */
    maxAttempts: field(int(1), "Attempts per request before the run stops with an error; while the model's other requests show random faults, up to 8 times more (enough that bad luck alone ends a request less than once in a million).", 8).optional(),
    /** First retry delay in ms (doubling, jittered; a Retry-After header wins). @default 250 */
    backoffMs: field(int(0), "First retry delay in ms (doubling, jittered; a Retry-After header wins).", 250).optional(),
    /** How long an endpoint that keeps failing stays out before a probe, in ms. @default 2000 */
    cooldownMs: field(int(0), "How long an endpoint that keeps failing stays out before a probe, in ms (doubling per outage).", 2000).optional(),
    /** Once every endpoint of a model is out and none has answered for this long, the run stops (what finished is stored). @default "5m" */
    giveUpAfter: field(
      pattern(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, 'a duration such as "5m", "90s" or "500ms"'),
      "Once every endpoint of a model is out of rotation and none has answered for this long (waiting counts), the run stops with an error naming them; what finished is stored.",
      "5m",
    ).optional(),
    /** A request the server refuses for its problem (a 4xx such as a prompt over the context, or the same 5xx three times while others succeed): "skip" records it and goes on; "stop" ends the run. @default "skip" */
    onBadRequest: field(
      oneOf(["skip", "stop"]),
      'A request the server refuses for its problem (a 4xx such as a prompt longer than the context, or the same 5xx three times while other requests succeed): "skip" records it per (problem, model) with the server\'s message and goes on (a rerun retries it); "stop" ends the run.',
      "skip",
    ).optional(),
    /** How each sample's completion_tokens is counted exactly (never estimated). @default "auto" */
    tokenCounts: field(
      oneOf(TOKEN_COUNTS_SETTINGS),
      'How each sample\'s completion_tokens is counted exactly, never estimated: "auto" by the server /v1/models names (llama.cpp: requests of one sample with seeds seed + j, the same samples as n = k; vLLM: return_token_ids, counted per choice; SGLang and unknown servers: null when n > 1); "per-sample-requests": requests of one sample on every server (on vLLM and SGLang these draw other samples than n = k); "token-ids": ask every server for token ids (vLLM >= 0.10.2 behind a proxy); "response": only what responses carry as sent (the usage of n = 1 requests).',
      "auto",
    ).optional(),
    /** Math verifier worker threads; 0 verifies on the main thread. @default one per core */
    verifyThreads: field(int(0), "Math verifier worker threads; 0 verifies on the main thread.", "~one per core").optional(),
    /** Rollouts buffered before a Parquet part is written. @default 2000 */
    flushRows: field(int(1), "Rollouts buffered before a Parquet part is written.", 2000).optional(),
    /** Longest time (ms) a finished rollout waits in memory before it is written. @default 15000 */
    flushMs: field(int(0), "Longest time (ms) a finished rollout waits in memory before it is written.", 15000).optional(),
    /** Sampling parameters of every model. */
    params: field(samplingParamsSchema, "Sampling parameters of every model.", { temperature: 0.6, top_p: 0.95, max_tokens: 32768 }).optional(),
  },
  "How many samples, and how they are requested.",
);
