import pLimit from "p-limit";
import { MATH_VERIFIER_VERSION } from "../verify/math/version.js";
import { CODE_GRADER_VERSION } from "../verify/code/version.js";
import { createCompletionVerifier, type CompletionVerifier } from "../verify/verify-completion.js";
import type { ProblemIndex, GroundTruth } from "./problem-index.js";
import { RewardInputError, type RewardItem, type RewardResult } from "./reward-request.js";

export interface RewardServiceOptions {
  /** Problems a request may name by id (from `--run-dir`). */
  problems?: ProblemIndex;
  /** Completions verified at once across all requests; more wait. @default 64 */
  concurrency?: number;
  /** The verifier (tests inject one); by default the one grading uses: math worker pool, code sandbox pool. */
  verifier?: CompletionVerifier;
  /** Math worker threads. @default the math pool's default (one per core) */
  mathThreads?: number;
}

/** The verifiers' versions (name@version), sent with every answer so a trainer log names the ruler it was rewarded by. */
export const VERIFIER_VERSIONS = {
  math: MATH_VERIFIER_VERSION,
  code: CODE_GRADER_VERSION.includes("@") ? CODE_GRADER_VERSION : `rungs-code@${CODE_GRADER_VERSION}`,
} as const;

/** Scores completions with the verifiers that graded the data: the reward is the stored rollout score. */
export interface RewardService {
  score(items: readonly RewardItem[]): Promise<RewardResult[]>;
  readonly problems: ProblemIndex | undefined;
  close(): Promise<void>;
}

export function createRewardService({ problems, concurrency = 64, verifier, mathThreads }: RewardServiceOptions = {}): RewardService {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`Expected \`concurrency\` to be an integer from 1 and up, got ${concurrency}`);
  const own = verifier ?? createCompletionVerifier(mathThreads ? { mathThreads } : {});
  const limit = pLimit(concurrency);

  const resolve = (item: RewardItem, where: string): GroundTruth => {
    if (item.problem_id !== undefined && problems) {
      const stored = problems.get(item.problem_id);
      if (!stored) throw new RewardInputError(`reward: ${where}.problem_id: unknown problem ${JSON.stringify(item.problem_id)} (the service knows the ${problems.size} problems of ${problems.source})`);
      if (item.domain !== undefined && item.domain !== stored.domain) throw new RewardInputError(`reward: ${where}.domain: ${item.domain}, but problem ${item.problem_id} is ${stored.domain}`);
      if (item.ground_truth !== undefined && item.ground_truth !== stored.groundTruth) {
        throw new RewardInputError(`reward: ${where}.ground_truth differs from problem ${item.problem_id}'s stored ${stored.domain === "math" ? "answer" : "tests"} (an export from another run?)`);
      }
      return stored;
    }
    if (item.ground_truth === undefined) throw new RewardInputError(`reward: ${where}: only problem_id ${JSON.stringify(item.problem_id)} given, and the service has no run folder to look it up in (start it with --run-dir, or send ground_truth and domain)`);
    return { domain: item.domain!, groundTruth: item.ground_truth };
  };

  const scoreOne = async (item: RewardItem, where: string): Promise<RewardResult> => {
    const truth = resolve(item, where);
    const problem = { id: item.problem_id ?? where, domain: truth.domain, answer: truth.domain === "math" ? truth.groundTruth : null, tests: truth.domain === "code" ? truth.groundTruth : null };
    const verdict = await own.verify(problem, { text: item.completion, finish_reason: item.finish_reason ?? "stop" });
    if (verdict.verdict === "unparseable_gold") {
      throw new RewardInputError(
        `reward: ${where}.ground_truth: malformed ${truth.domain === "math" ? "answer (no answer can be parsed from it)" : "tests (expected a canonical CodeTests JSON string, as problems.tests holds)"}${item.problem_id ? ` for problem ${item.problem_id}` : ""}`,
      );
    }
    return { score: verdict.score, correct: verdict.correct, verdict: verdict.verdict, verifier: verdict.verifier };
  };

  return {
    problems,
    async score(items) {
      // Every item is checked before any runs, so a bad request costs no sandbox time.
      items.forEach((item, i) => resolve(item, `items[${i}]`));
      return Promise.all(items.map((item, i) => limit(() => scoreOne(item, `items[${i}]`))));
    },
    async close() {
      limit.clearQueue();
      if (!verifier) await own.close();
    },
  };
}
