/** The math verifier: answer extraction, LaTeX/plain parsing, equivalence, and a worker-thread pool. */
export type { MathReason, MathVerdict, VerifyMathOptions, MathVerifierPool } from "./types.js";
export { verifyMath } from "./verify-math.js";
export { extractAnswer, extractGold } from "./extract-answer.js";
export { createMathVerifierPool, type MathVerifierPoolOptions } from "./pool.js";
export { MATH_VERIFIER_VERSION } from "./version.js";
