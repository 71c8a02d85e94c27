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
  /** Relative tolerance of numeric comparison. @default 1e-6 */
  relativeTolerance?: number;
}

/** A pool of worker threads verifying off the event loop. */
export interface MathVerifierPool {
  verify(gold: string, response: string, options?: VerifyMathOptions): Promise<MathVerdict>;
  close(): Promise<void>;
}
