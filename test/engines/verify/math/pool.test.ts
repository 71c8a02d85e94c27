import { afterEach, describe, expect, it } from "vitest";
import { MATH_VERIFIER_VERSION, createMathVerifierPool, type MathVerifierPool } from "../../../../src/engines/verify/math/index.js";

const misbehaving = new URL("../../../fixtures/math-cases/misbehaving-worker.mjs", import.meta.url);
let pool: MathVerifierPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe("createMathVerifierPool", () => {
  it("verifies in worker threads (loading the TypeScript verifier) with the same verdicts", async () => {
    pool = createMathVerifierPool({ threads: 2 });
    const verdicts = await Promise.all([
      pool.verify("\\frac{1}{2}", "so \\boxed{0.5}"),
      pool.verify("3", "\\boxed{4}"),
      pool.verify("3", "I have no idea how to solve this one, sorry."),
      ...Array.from({ length: 50 }, (_, i) => pool!.verify(String(i), `\\boxed{${i}}`)),
    ]);
    expect(verdicts.slice(0, 3).map((v) => v.reason)).toEqual(["correct", "wrong_answer", "no_answer"]);
    expect(verdicts.slice(3).every((v) => v.correct)).toBe(true);
  });

  it("reports a stuck check as a timeout and replaces its worker", async () => {
    pool = createMathVerifierPool({ threads: 1, killGraceMs: 50, workerEntry: misbehaving });
    const stuck = await pool.verify("hang", "\\boxed{1}", { timeoutMs: 100 });
    expect(stuck).toMatchObject({ correct: false, reason: "timeout", extracted: "1", gold: "hang" });
    expect((await pool.verify("fine", "x")).reason).toBe("correct");
  });

  it("reports a crashed worker as an error and keeps going", async () => {
    pool = createMathVerifierPool({ threads: 1, workerEntry: misbehaving });
    const [crashed, next] = await Promise.all([pool.verify("crash", "1"), pool.verify("fine", "1")]);
    expect(crashed.reason).toBe("error");
    expect(next.reason).toBe("correct");
  });

  it("refuses work after close and validates its options", async () => {
    const closed = createMathVerifierPool({ threads: 1 });
    await closed.close();
    await expect(closed.verify("1", "1")).rejects.toThrow("math: verifier pool is closed");
    expect(() => createMathVerifierPool({ threads: 0 })).toThrow("Expected `threads` to be an integer from 1 and up");
    expect(MATH_VERIFIER_VERSION).toMatch(/^rungs-math@\d+\.\d+\.\d+$/);
  });
});
