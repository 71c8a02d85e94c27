/**
 * Bounded time inside the verifier itself: parser and evaluator call `tick()`, which checks the clock every
 * few hundred steps and throws `BudgetExceeded` past the deadline. Limits on depth and sizes throw `LimitExceeded`.
 */
export class BudgetExceeded extends Error {
  override name = "BudgetExceeded";
}

/** An input beyond a structural limit (nesting depth, exponent size): judged as unparseable, not as a timeout. */
export class LimitExceeded extends Error {
  override name = "LimitExceeded";
}

export const MAX_DEPTH = 200;
/** Answers longer than this are compared as strings only (a model's runaway output, not a formula to parse). */
export const MAX_ANSWER_CHARS = 100_000;

export class Budget {
  private steps = 0;
  constructor(readonly deadline: number) {}

  static fromNow(timeoutMs: number): Budget {
    return new Budget(performance.now() + timeoutMs);
  }

  tick(): void {
    if ((++this.steps & 255) === 0 && performance.now() > this.deadline) throw new BudgetExceeded("math: time budget exceeded");
  }

  expired(): boolean {
    return performance.now() > this.deadline;
  }
}
