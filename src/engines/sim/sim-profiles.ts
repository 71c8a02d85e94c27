/**
 * How a real serving engine differs where rungs can tell (facts from each server's documented behaviour):
 * - vLLM and SGLang list a model by its served name and take `n` up to a large bound. With a seed, vLLM's V1
 *   engine (the only one since 0.11) runs choice j as a child request with seed + j (`vllm/v1/engine/
 *   parallel_sampling.py`), as llama.cpp does; SGLang's n samples come from the request's seed (choice j
 *   depends on the seed and j).
 * - Context: vLLM and SGLang list it as `max_model_len`. llama.cpp's listing carries `meta.n_ctx_train` (the
 *   training context, not what a request gets) and, in newer builds, `meta.n_ctx`, a slot's context (`-c 32768
 *   -np 4`: 8192); `GET /props` reports a slot's context as `default_generation_settings.n_ctx` and the slots,
 *   which bound `n`, as `total_slots` (tools/server/server-context.cpp, server-schema.cpp).
 * - llama.cpp's llama-server lists one name as `id` (the first of its `--alias` names in sorted order, else the
 *   model file's name) and every `--alias` name under `aliases`; the sim lists a file-like first alias as `id`; `n` is
 *   bounded by its parallel slots (4 by default: a larger n is a 400 naming the field), and choice j is
 *   sampled with seed + j, so n = k with seed s equals k requests of n = 1 with seeds s..s+k-1. It renders a
 *   conversation with the model's chat template at `POST /apply-template` (body `{ messages }`, answer `{ prompt }`).
 * - Usage: vLLM and SGLang report `usage.completion_tokens` summed over the choices; llama.cpp reports
 *   choice 0's alone. vLLM (>= 0.10.2) returns each choice's `token_ids` (and the `prompt_token_ids`) when
 *   the request asks `return_token_ids: true`; SGLang and llama.cpp do not.
 * - llama.cpp lowers max_tokens to what fits the slot's context after the prompt and answers
 *   `finish_reason: "length"` at that point, without an error.
 * - On SIGTERM, llama.cpp stops listening, closes its idle connections within moments, and keeps the connections of
 *   requests in flight open without ever answering them (checked against a real llama-server); vLLM and SGLang
 *   (uvicorn) shut down gracefully: no new connections, in-flight requests answered.
 */
export type SimProfileName = "vllm" | "sglang" | "llamacpp";

export const SIM_PROFILES: readonly SimProfileName[] = ["vllm", "sglang", "llamacpp"];

export interface SimProfile {
  name: SimProfileName;
  /** Largest `n` of one request. */
  maxN: number;
  /** The 400 message for a larger `n`, in the server's words. */
  nTooLarge(n: number): string;
  /** The 400 message for a prompt longer than the context, in the server's words. */
  contextExceeded(promptTokens: number, contextTokens: number): string;
  /** The entry of `GET /v1/models` for a served model name, with the context size where the server reports one. */
  listing(name: string, contextTokens?: number): Record<string, unknown>;
  /** The answer of `GET /props` (llama.cpp): the per-slot context and the slots; none: that path is a 404. */
  props?: (contextTokens?: number) => Record<string, unknown>;
  /** The (seed, choice) a choice is generated from: llama.cpp samples choice j with seed + j and index 0. */
  sampleKey(seed: number, j: number): { seed: number; j: number };
  /** What `usage.completion_tokens` covers: the sum over the choices, or choice 0 alone (llama.cpp). */
  usage: "sum" | "first";
  /** Returns `token_ids` per choice when asked with `return_token_ids: true` (vLLM). */
  returnsTokenIds: boolean;
  /** max_tokens is silently lowered to the context left after the prompt (llama.cpp), instead of generating past it. */
  cutsToContext: boolean;
  /** After SIGTERM (`SimServer.terminate`): requests in flight are never answered ("hang"), or answered ("drain"). */
  onShutdown: "hang" | "drain";
  /** The server's own chat template, served at `POST /apply-template` (llama.cpp); none: that path is a 404. */
  chatTemplate?: (messages: readonly { role: string; content: string }[]) => string;
}

/** The llama.cpp profile's chat template: ChatML, as many GGUF models embed it (the sim's own, unlike rungs' R1 default). */
function chatMl(messages: readonly { role: string; content: string }[]): string {
  return `${messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("")}<|im_start|>assistant\n`;
}

export interface SimProfileOptions {
  /** llama.cpp parallel slots (its bound on n). @default 4 */
  slots?: number;
  /** llama.cpp: the listing's meta has a slot's `n_ctx` (newer builds; older ones only `n_ctx_train`). @default true */
  listsContext?: boolean;
}

export function simProfile(name: SimProfileName = "vllm", { slots = 4, listsContext = true }: SimProfileOptions = {}): SimProfile {
  switch (name) {
    case "vllm":
    case "sglang":
      return {
        name,
        maxN: 1024,
        nTooLarge: (n) => `n must be an integer from 1 to 1024, got ${n}`,
        contextExceeded: (prompt, context) => `This model's maximum context length is ${context} tokens. However, your request has ${prompt} input tokens. Please reduce the length of the input messages.`,
        // Both report the context as `max_model_len` (vLLM's ModelCard; SGLang's, from model_config.context_len).
        listing: (model, context) => ({ id: model, object: "model", owned_by: name, ...(context !== undefined ? { max_model_len: context } : {}) }),
        sampleKey: (seed, j) => (name === "vllm" ? { seed: seed + j, j: 0 } : { seed, j }),
        usage: "sum",
        returnsTokenIds: name === "vllm",
        cutsToContext: false,
        onShutdown: "drain",
      };
    case "llamacpp":
      return {
        name,
        maxN: slots,
        nTooLarge: (n) => `Field 'n': Value must be between 1 <= value <= ${slots}, but got ${n}`,
        // The message of its exceed_context_size_error (tools/server/server-context.cpp).
        contextExceeded: (prompt, context) => `request (${prompt} tokens) exceeds the available context size (${context} tokens), try increasing it`,
        listing: (model, context) => ({
          id: `/models/${model.replace(/[^\w.-]+/g, "_")}.gguf`,
          aliases: [model],
          object: "model",
          owned_by: "llamacpp",
          // A build that lists a slot's context (older ones list only the training context: `listsContext` false).
          meta: { vocab_type: 2, n_vocab: 151_936, ...(context !== undefined && listsContext ? { n_ctx: context } : {}), n_ctx_train: 131_072, n_embd: 1536 },
        }),
        props: (context) => ({
          default_generation_settings: { ...(context !== undefined ? { n_ctx: context } : {}), params: { n_predict: -1, seed: -1, temperature: 0.8, top_p: 0.95 } },
          total_slots: slots,
          model_path: "/models/model.gguf",
        }),
        sampleKey: (seed, j) => ({ seed: seed + j, j: 0 }),
        chatTemplate: chatMl,
        usage: "first",
        returnsTokenIds: false,
        cutsToContext: true,
        onShutdown: "hang",
      };
  }
}
