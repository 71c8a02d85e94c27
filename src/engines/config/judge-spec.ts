/** The rule verdicts a judge may review (the rollouts' `verdict` values it makes sense to second-guess). */
export type ReviewedVerdict = "wrong_answer" | "no_answer" | "unparseable_gold" | "partial" | "truncated";

/** The judge's prompt: a versioned template with `{problem}`, `{gold}` and `{answer}` slots. */
export interface JudgePromptSpec {
  /** Names this prompt in the cache key and the judge verdicts table: change it whenever the text changes. */
  version: string;
  /** System message. @default none */
  system?: string;
  /** User message; `{problem}`, `{gold}` and `{answer}` are replaced. */
  user: string;
  /** The exact word the judge ends with when the answer is right. @default "CORRECT" */
  correct?: string;
  /** The exact word the judge ends with when the answer is wrong. @default "INCORRECT" */
  incorrect?: string;
}

/** How a simulated judge behaves (a `sim://` endpoint): deterministic per (gold, answer). */
export interface SimJudgeSpec {
  /** Chance that it accepts an answer that is not a spelling of the gold. @default 0.05 */
  lenience?: number;
  /** Chance that its answer is malformed (neither verdict word). @default 0 */
  malformedRate?: number;
}

/** A second opinion on the answers the rule verifier rejects (math only), from an OpenAI-compatible model. */
export interface JudgeSpec {
  /** Judge model id, as stored in the judge verdicts table and the cache key. */
  model: string;
  /** Name the server serves it under. @default model */
  servedName?: string;
  /** Base URLs of OpenAI-compatible servers (…/v1); `sim://` starts a simulated judge in-process. */
  endpoints: string[];
  /** Bound on in-flight requests per endpoint. @default 16 */
  concurrency?: number;
  /** API key sent as a bearer token; read from the named environment variable. */
  apiKeyEnv?: string;
  /** The prompt and its version. @default DEFAULT_JUDGE_PROMPT */
  prompt?: JudgePromptSpec;
  /** Rule verdicts the judge reviews. @default ["wrong_answer", "no_answer", "unparseable_gold"] */
  reviews?: ReviewedVerdict[];
  /** Share of `correct` verdicts also reviewed, to estimate the rule's false positives. @default 0.05 */
  sampleCorrect?: number;
  /** Seed of the draw that picks the `correct` verdicts reviewed. @default 0 */
  seed?: number;
  /** Whether grade counts a judge's reversal as a pass ("judge") or only the rule's verdict ("rule"). @default "rule" */
  passRates?: "rule" | "judge";
  /** Maximum tokens of the judge's answer. @default 2048 */
  maxTokens?: number;
  /** Per-request timeout in milliseconds. @default 120000 */
  timeoutMs?: number;
  /** Attempts per request before the run stops with an error. @default 8 */
  maxAttempts?: number;
  /** First retry delay in ms (doubling, jittered; a Retry-After header wins). @default 250 */
  backoffMs?: number;
  /** How long an endpoint that keeps failing stays out before a probe, in ms. @default 2000 */
  cooldownMs?: number;
  /** The simulated judge behind a `sim://` endpoint. */
  sim?: SimJudgeSpec;
}

/** Verification settings beyond the rule verifiers. */
export interface VerifierSpec {
  judge?: JudgeSpec;
}
