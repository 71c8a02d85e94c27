import { describe, expect, it } from "vitest";
import { verifyMath } from "../../../../src/engines/verify/math/index.js";

const settled = new Set(["timeout", "wrong_answer", "correct", "unparseable_gold", "no_answer"]);

describe("verifyMath on pathological input", () => {
  it.each([
    ["10^{10^{10}}", "10^{10^{10}}+1"],
    ["2^{2^{2^{2^{2^{2}}}}}", "\\boxed{5}"],
    ["1", "(((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))".repeat(50)],
    ["1", "\\frac{".repeat(5000) + "1" + "}".repeat(5000)],
    ["x", `\\boxed{${"x+".repeat(200_000)}x}`],
    ["5", `${"word ".repeat(250_000)} \\boxed{5}`],
    ["100000!", "5"],
    ["5", "100000!"],
    ["\\sqrt[100000]{2}", "2^{1/100000}"],
    ["1e999999", "1e999998"],
    ["}{", "}{"],
    ["\\frac{1}{0}", "\\frac{1}{0}"],
    ["$".repeat(100_000), "1"],
    ["1", "$1 and $".repeat(50_000)],
    ["1", "\\boxed{".repeat(10_000) + "1" + "}".repeat(10_000)],
    ["1", "\\boxed{1}, ".repeat(50_000)],
    ["1", '{"answer": '.repeat(20_000)],
    ["1", "```json\n".repeat(20_000)],
  ])("settles %# with a verdict and a reason", (gold, response) => {
    const verdict = verifyMath(gold, response, { timeoutMs: 2000 });
    expect(settled.has(verdict.reason)).toBe(true);
    expect(verdict.score).toBe(verdict.correct ? 1 : 0);
  });

  it("knows a tower of powers equals itself without evaluating it", () => {
    expect(verifyMath("10^{10^{10}}", "10^{10^{10}}").correct).toBe(true);
    expect(verifyMath("10^{10^{10}}", "10^{10^{10}}+1").correct).toBe(false);
  });

  it("reports a spent budget as a timeout, never as a wrong answer", () => {
    const verdict = verifyMath("x", `\\boxed{${"x+".repeat(40_000)}x}`, { timeoutMs: 1 });
    expect(verdict.reason).toBe("timeout");
  });

  it("never throws on non-strings and empty strings", () => {
    expect(verifyMath(undefined as unknown as string, "5").reason).toBe("unparseable_gold");
    expect(verifyMath("5", null as unknown as string).reason).toBe("no_answer");
    expect(verifyMath("", "").reason).toBe("unparseable_gold");
    expect(verifyMath("5", "").reason).toBe("no_answer");
    expect(verifyMath("5", "\\boxed{}").reason).toBe("no_answer");
    expect(verifyMath({} as unknown as string, "5").reason).toBe("unparseable_gold");
  });

  it("reads a numeric gold or prediction (JSON datasets) as its decimal spelling", () => {
    expect(verifyMath(42 as unknown as string, "\\boxed{42}").correct).toBe(true);
    expect(verifyMath("0.5", 0.5 as unknown as string).correct).toBe(true);
    expect(verifyMath(NaN as unknown as string, "5").reason).toBe("unparseable_gold");
  });
});
