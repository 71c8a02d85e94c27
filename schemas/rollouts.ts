import { defineTable, type RowOfTable } from "./table.js";

export const VERDICTS = [
  "correct",
  "wrong_answer",
  "no_answer",
  "partial",
  "truncated",
  "timeout",
  "runtime_error",
  "compile_error",
  "memory_limit",
  "output_limit",
  "unsupported_language",
  "unparseable_gold",
  "error",
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How a sample's completion_tokens was obtained; never an estimate. */
export const TOKEN_COUNT_SOURCES = ["usage", "token_ids", "imported"] as const;
export type TokenCountSource = (typeof TOKEN_COUNT_SOURCES)[number];

/** What cut a sample that finished with "length". */
export const TRUNCATIONS = ["max_tokens", "context"] as const;
export type Truncation = (typeof TRUNCATIONS)[number];

/** One row per sampled completion; key (problem_id, model, sample_index) is never duplicated. */
export const rolloutsTable = defineTable({
  name: "rollouts",
  description: "One row per sampled (or imported) completion, with its verification.",
  key: ["problem_id", "model", "sample_index"],
  partitionBy: "model",
  columns: {
    problem_id: { kind: "varchar", description: "problems.id" },
    model: { kind: "varchar", description: "Model id as named in the pipeline (e.g. deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B)." },
    sample_index: { kind: "integer", description: "0-based index of the sample for this (problem, model)." },
    completion: { kind: "varchar", nullable: true, description: "Full completion text; null when only its hash is kept." },
    completion_sha256: { kind: "varchar", description: "sha256 hex of the completion text." },
    completion_chars: { kind: "integer", description: "Length of the completion in characters." },
    finish_reason: { kind: "varchar", description: "stop | length (truncated) | other server reasons." },
    truncation: {
      kind: "varchar",
      nullable: true,
      enum: TRUNCATIONS,
      description: "For finish_reason length: max_tokens (completion_tokens reached max_tokens) or context (prompt + completion tokens filled the context the server reports); null otherwise or when the counts cannot tell.",
    },
    prompt_tokens: { kind: "integer", nullable: true, description: "Prompt tokens (usage), when the server reports it." },
    completion_tokens: { kind: "integer", nullable: true, description: "Completion tokens of this sample, counted exactly (see completion_tokens_source); null when the server did not say." },
    completion_tokens_source: {
      kind: "varchar",
      nullable: true,
      enum: TOKEN_COUNT_SOURCES,
      description: "How completion_tokens was obtained: usage (the usage of a request of one sample), token_ids (the token ids the server returned for this choice), imported (from a replayed file); null when unknown.",
    },
    latency_ms: { kind: "double", nullable: true, description: "Wall time of the request that produced this sample." },
    score: { kind: "double", description: "0..1: math 1/0; code passed/total." },
    correct: { kind: "boolean", description: "score = 1" },
    verdict: {
      kind: "varchar",
      enum: VERDICTS,
      description: "Why the score: correct, wrong_answer, no_answer, timeout, runtime_error, truncated, ...",
    },
    extracted: { kind: "varchar", nullable: true, description: "The answer (math) or program (code, truncated) the verifier judged." },
    verifier: { kind: "varchar", description: "Verifier name@version that produced score and verdict." },
    endpoint: { kind: "varchar", nullable: true, description: "Endpoint URL that served the sample (null for imported)." },
    seed: { kind: "bigint", nullable: true, description: "Per-sample seed sent to the server, when any." },
    request_start: {
      kind: "integer",
      nullable: true,
      description:
        "sample_index of the first sample of the request this sample came from (each chunk of a request split for the server's bound on n is a request of its own): the samples of one (problem_id, model, request_start) share one prompt, so prompt_tokens counts once per request. Null for imported rows.",
    },
    created_at: { kind: "timestamp", description: "When the sample was stored (UTC). Runs written before rungs typed it hold ISO-8601 text; the next step that writes the run converts it." },
  },
});

export type Rollout = RowOfTable<typeof rolloutsTable>;
