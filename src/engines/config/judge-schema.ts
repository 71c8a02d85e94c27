import { field, int, list, num, oneOf, pattern, str, strict } from "./schema-fields.js";

const REVIEWABLE = ["wrong_answer", "no_answer", "unparseable_gold", "partial", "truncated"] as const;

const judgePromptSchema = strict(
  {
    /** Names the prompt in the cache key. */
    version: field(str(true), "Names this prompt in the cache key and the judge verdicts table: change it whenever the text changes."),
    /** System message. */
    system: field(str(), "System message.", "~none").optional(),
    /** User message with {problem}, {gold} and {answer}. */
    user: field(
      str(true).refine((t) => t.includes("{gold}") && t.includes("{answer}"), { error: "the judge template needs {gold} and {answer} slots" }),
      "User message; {problem}, {gold} and {answer} are replaced.",
    ),
    /** @default "CORRECT" */
    correct: field(str(true), "The exact word the judge ends with when the answer is right.", "CORRECT").optional(),
    /** @default "INCORRECT" */
    incorrect: field(str(true), "The exact word the judge ends with when the answer is wrong.", "INCORRECT").optional(),
  },
  "The judge's prompt: a versioned template.",
);

const simJudgeSchema = strict(
  {
    lenience: field(num({ ge: 0, le: 1 }), "Chance that it accepts an answer that is not a spelling of the gold.", 0.05).optional(),
    malformedRate: field(num({ ge: 0, le: 1 }), "Chance that its answer is malformed (neither verdict word).", 0).optional(),
  },
  "How a simulated judge behaves (a sim:// endpoint): deterministic per (gold, answer).",
);

export const judgeSchema = strict(
  {
    model: field(str(true), "Judge model id, as stored in the judge verdicts table and the cache key."),
    servedName: field(str(true), "Name the server serves it under.", "~the judge's model id").optional(),
    endpoints: field(list(pattern(/^(https?:\/\/[^\s/]+|sim:)/, "an http(s):// URL or sim://"), 1), "Base URLs of OpenAI-compatible servers (…/v1); sim:// starts a simulated judge in-process."),
    concurrency: field(int(1), "Bound on in-flight requests per endpoint.", 16).optional(),
    apiKeyEnv: field(str(true), "API key sent as a bearer token; read from the named environment variable.", "~no key").optional(),
    prompt: field(judgePromptSchema, "The prompt and its version.", "~DEFAULT_JUDGE_PROMPT (version rungs-judge-1)").optional(),
    reviews: field(list(oneOf(REVIEWABLE)), "Rule verdicts the judge reviews.", ["wrong_answer", "no_answer", "unparseable_gold"]).optional(),
    sampleCorrect: field(num({ ge: 0, le: 1 }), "Share of correct verdicts also reviewed, to estimate the rule's false positives.", 0.05).optional(),
    seed: field(int(0), "Seed of the draw that picks the correct verdicts reviewed.", 0).optional(),
    passRates: field(oneOf(["rule", "judge"]), 'Whether grade counts a judge\'s reversal as a pass ("judge") or only the rule\'s verdict ("rule").', "rule").optional(),
    maxTokens: field(int(1), "Maximum tokens of the judge's answer.", 2048).optional(),
    timeoutMs: field(int(1), "Per-request timeout in milliseconds.", 120000).optional(),
    maxAttempts: field(int(1), "Attempts per request before the run stops with an error.", 8).optional(),
    backoffMs: field(int(0), "First retry delay in ms (doubling, jittered; a Retry-After header wins).", 250).optional(),
    cooldownMs: field(int(0), "How long an endpoint that keeps failing stays out before a probe, in ms.", 2000).optional(),
    sim: field(simJudgeSchema, "The simulated judge behind a sim:// endpoint.").optional(),
  },
  "A second opinion on the math answers the rule verifier rejects, from an OpenAI-compatible model.",
);

export const verifierSchema = strict(
  {
    judge: field(judgeSchema, "A judge model that reviews the rule verifier's rejections (math).", "~none").optional(),
  },
  "Verification settings beyond the rule verifiers.",
);
