/** Why a math verification came out as it did. */
export type MathReason = "correct" | "wrong_answer" | "no_answer" | "unparseable_gold" | "timeout" | "error";

export interface MathVerdict {
  correct: boolean;
  /** 1 when correct, else 0 (a bad format scores 0). */
  score: 0 | 1;
  /** The answer taken from the response, or null when none could be extracted. */
  extracted: string | null;
  /** The gold answer as parsed (its last \boxed{} when the gold is a full solution), or null. */
  gold: string | null;
  reason: MathReason;
}

export interface VerifyMathOptions {
  /** Time budget of one check in milliseconds. @default 2000 */
  timeoutMs?: number;
  /**
   * Accept a number within this relative distance of the gold (`7068.58` for `2250\\pi` at 1e-6). Off by default:
   * a decimal that only approximates an exact gold is wrong; a gold written as a rounded decimal still accepts
   * values that round to it. @default 0
   */
  relativeTolerance?: number;
}

/** A pool of worker threads verifying off the event loop. */
export interface MathVerifierPool {
  verify(gold: string, response: string, options?: VerifyMathOptions): Promise<MathVerdict>;
  close(): Promise<void>;
}
