import type { Problem } from "../../../schemas/problems.js";
import type { Verdict } from "../../../schemas/rollouts.js";
import type { MathVerifierPool } from "./math/types.js";
import type { CodeGrader, CodeGradeResult, TestVerdict } from "./code/types.js";

/** What a rollout row stores about its verification. */
export interface CompletionVerdict {
  score: number;
  correct: boolean;
  verdict: Verdict;
  extracted: string | null;
  /** Verifier name@version. */
  verifier: string;
}

/** The sandbox itself failed: an infrastructure failure, retried and reported, never stored as a wrong answer. */
export class VerifierInfrastructureError extends Error {
  override name = "VerifierInfrastructureError";
}

export interface CompletionVerifierOptions {
  /** Math worker threads; 0 verifies on the calling thread. @default the math pool's default */
  mathThreads?: number;
  /** Injected math pool (tests); closed by `close()` only when created here. */
  mathPool?: MathVerifierPool;
  /** Injected code grader (tests, a remote sandbox service). */
  codeGrader?: CodeGrader;
}

/** Dispatches a completion to its domain's verifier: math → the math verifier pool, code → the code grader. */
export interface CompletionVerifier {
  verify(problem: Pick<Problem, "id" | "domain" | "answer" | "tests">, completion: { text: string; finish_reason: string }): Promise<CompletionVerdict>;
  /** Versions of the verifiers used so far, for the manifest. */
  versions(): Record<string, string>;
  close(): Promise<void>;
}

const EXTRACTED_MAX = 4000;

/** Creates the dispatcher; each verifier is loaded on first use, so a math-only run never starts a sandbox. */
export function createCompletionVerifier(options: CompletionVerifierOptions = {}): CompletionVerifier {
  let math: Promise<{ pool: MathVerifierPool; version: string; owned: boolean }> | undefined;
  let code: Promise<{ grader: CodeGrader; version: string; owned: boolean }> | undefined;
  const used: Record<string, string> = {};

  const loadMath = () =>
    (math ??= import("./math/index.js").then((m) => ({
      pool: options.mathPool ?? (options.mathThreads === 0 ? inlinePool(m.verifyMath) : m.createMathVerifierPool(options.mathThreads ? { threads: options.mathThreads } : {})),
      version: m.MATH_VERIFIER_VERSION,
      owned: !options.mathPool,
    })));
  const loadCode = () =>
    (code ??= import("./code/index.js").then((m) => ({
      grader: options.codeGrader ?? m.createCodeGrader(),
      // The stored name is name@version, like the math verifier's.
      version: m.CODE_GRADER_VERSION.includes("@") ? m.CODE_GRADER_VERSION : `rungs-code@${m.CODE_GRADER_VERSION}`,
      owned: !options.codeGrader,
    })));

  return {
    async verify(problem, completion) {
      const truncated = completion.finish_reason === "length";
      if (problem.domain === "math") {
        const { pool, version } = await loadMath();
        used.math = version;
        const result = await pool.verify(problem.answer ?? "", completion.text);
        const verdict: Verdict = result.reason === "no_answer" && truncated ? "truncated" : result.reason;
        return { score: result.score, correct: result.correct, verdict, extracted: clip(result.extracted), verifier: version };
      }
      const { grader, version } = await loadCode();
      used.code = version;
      const result = await grader.grade(problem.tests ?? "", completion.text);
      return { ...codeVerdict(result, truncated, problem.id), verifier: version };
    },
    versions: () => ({ ...used }),
    async close() {
      const [m, c] = await Promise.all([math, code]);
      await Promise.all([m?.owned ? m.pool.close() : undefined, c?.owned ? c.grader.close() : undefined]);
    },
  };
}

/** The math verifier on the calling thread: no worker start-up, for small runs and tests. */
function inlinePool(verify: (gold: string, response: string) => Awaited<ReturnType<MathVerifierPool["verify"]>>): MathVerifierPool {
  return { verify: async (gold, response) => verify(gold, response), close: async () => {} };
}

const TEST_VERDICTS: Record<TestVerdict, Verdict> = {
  passed: "correct",
  wrong_answer: "wrong_answer",
  timeout: "timeout",
  runtime_error: "runtime_error",
  memory_limit: "memory_limit",
  output_limit: "output_limit",
  compile_error: "compile_error",
};

/** Maps a grading result to a stored verdict; a sandbox failure throws (never a wrong answer). */
export function codeVerdict(result: CodeGradeResult, truncated: boolean, problemId: string): Omit<CompletionVerdict, "verifier"> {
  const extracted = clip(result.program);
  if (result.score === null) {
    if (result.errorKind === "no_code") return { score: 0, correct: false, verdict: truncated ? "truncated" : "no_answer", extracted };
    // The problem's tests (or its checker program) cannot judge: like an unparseable math answer.
    if (result.errorKind === "bad_tests" || result.errorKind === "ungradable" || result.errorKind === "checker_failed") return { score: 0, correct: false, verdict: "unparseable_gold", extracted };
    // The model wrote a language rungs does not run (or C++ for a Python-call problem): its answer, not the sandbox's failure.
    if (result.errorKind === "unsupported_language") return { score: 0, correct: false, verdict: "unsupported_language", extracted };
    throw new VerifierInfrastructureError(`verify: the code sandbox failed on problem ${problemId}: ${result.error ?? "no reason given"}`);
  }
  if (result.program === null) return { score: 0, correct: false, verdict: truncated ? "truncated" : "no_answer", extracted };
  const correct = result.total > 0 && result.passed === result.total;
  const firstFailure = result.verdicts.find((v) => v !== "passed");
  const verdict: Verdict = correct ? "correct" : firstFailure ? TEST_VERDICTS[firstFailure] : "wrong_answer";
  return { score: result.score, correct, verdict, extracted };
}

function clip(text: string | null): string | null {
  return text === null ? null : text.length > EXTRACTED_MAX ? text.slice(0, EXTRACTED_MAX) : text;
}
