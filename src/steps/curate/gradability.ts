import type { Problem } from "../../../schemas/problems.js";
import type { CodeTests } from "../../../schemas/code-tests.js";

/** Answers that stand for "no checkable answer" in real datasets (NuminaMath-1.5 writes `proof` and `notfound`). */
const NON_ANSWERS = new Set(["proof", "notfound", "not found", "none given", "n/a", "qed", "\\text{proof}", "\\text{notfound}", "\\blacksquare", "\\square"]);

/** Why a problem cannot be graded, or undefined when it can. */
export function ungradableReason(problem: Problem, meta: Record<string, unknown>, tests: CodeTests | undefined): string | undefined {
  if (problem.domain === "math") {
    const answer = problem.answer?.trim() ?? "";
    if (answer === "") return "math problem has no answer";
    if (NON_ANSWERS.has(answer.toLowerCase().replace(/\s+/g, " ").replace(/^\$+|\$+$/g, ""))) return `answer ${JSON.stringify(answer)} is not checkable`;
    if (typeof meta.question_type === "string" && meta.question_type.toLowerCase() === "proof") return "proof problem (meta.question_type)";
    return undefined;
  }
  if (!tests) return "code problem has no tests";
  if (tests.inputs.length === 0) return "code problem has empty tests";
  return undefined;
}
