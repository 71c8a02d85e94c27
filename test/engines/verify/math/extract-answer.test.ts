import { describe, expect, it } from "vitest";
import { extractAnswer, extractGold } from "../../../../src/engines/verify/math/index.js";

describe("extractAnswer", () => {
  it("takes the last boxed answer, with nested braces", () => {
    expect(extractAnswer("try \\boxed{1} ... so \\boxed{\\frac{1}{\\sqrt{2}}}.")).toBe("\\frac{1}{\\sqrt{2}}");
  });
  it("reads \\fbox and \\boxed without braces", () => {
    expect(extractAnswer("\\fbox{7}")).toBe("7");
    expect(extractAnswer("so $\\boxed 5$")).toBe("5");
  });
  it("skips a box that never closes and uses the complete one before it", () => {
    expect(extractAnswer("\\boxed{3} and then \\boxed{4")).toBe("3");
  });
  it("treats an unfinished think block as no answer", () => {
    expect(extractAnswer("<think>it is \\boxed{3} probably")).toBeNull();
  });
  it("reads the answer after the reasoning, not inside it", () => {
    expect(extractAnswer("<think>\\boxed{3}</think>The answer is \\boxed{4}")).toBe("4");
    expect(extractAnswer("<think>\\boxed{3}</think>The answer is 4.")).toBe("4");
  });
  it("falls back to answer phrases, bold, math spans and a bare final line", () => {
    expect(extractAnswer("Long reasoning.\nThe final answer is $\\frac{2}{3}$.")).toBe("\\frac{2}{3}");
    expect(extractAnswer("Answer: 12")).toBe("12");
    expect(extractAnswer("So the total is\n\n**73**")).toBe("73");
    expect(extractAnswer("we get $x = 4$ in the end")).toBe("x = 4");
    expect(extractAnswer("lots of words here\n42")).toBe("42");
  });
  it("finds nothing in prose, empty strings and non-strings", () => {
    expect(extractAnswer("I am not sure how to approach this problem at all.")).toBeNull();
    expect(extractAnswer("")).toBeNull();
    expect(extractAnswer(42 as unknown as string)).toBeNull();
  });
  it("stays fast on a megabyte response", () => {
    const response = `${"reasoning step with $x_1$ and words. ".repeat(30_000)}\\boxed{9}`;
    expect(extractAnswer(response)).toBe("9");
  });
});

describe("extractGold", () => {
  it("uses the last box of a reference solution, or the bare answer", () => {
    expect(extractGold("We find $x = \\boxed{2}$ as required.")).toBe("2");
    expect(extractGold(" $\\frac{1}{2}$ ")).toBe("\\frac{1}{2}");
    expect(extractGold("   ")).toBeNull();
  });
});
