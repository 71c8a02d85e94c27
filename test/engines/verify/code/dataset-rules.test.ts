import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createCodeGrader, OUTPUT_CHECKERS, toCanonicalTests } from "../../../../src/engines/verify/code/index.js";
import { decimalKey } from "../../../../src/engines/verify/code/python-text.js";

const py = (code: string) => "```python\n" + code + "\n```";

describe("CodeContests: its judge's token rule", () => {
  const cc = OUTPUT_CHECKERS.code_contests;
  it("accepts a real answer within 1e-5, absolute or relative, whichever is looser", () => {
    expect(cc("0.333338\n", "0.333333")).toBe(true); // absolute 5e-6
    expect(cc("0.33335", "0.333333")).toBe(false); // absolute 1.7e-5, relative 5e-5
    expect(cc("123456.7", "123456.0")).toBe(true); // absolute 0.7 but relative 5.7e-6
    expect(cc("123458.0", "123456.0")).toBe(false); // relative 1.6e-5
  });

  it("accepts the other spellings of a number the judge parses", () => {
    expect(cc("1e-7", "0.0000001")).toBe(true);
    expect(cc(".5 5. +3 1E+02", "0.5 5 3 100")).toBe(true);
    expect(cc("3.000000", "3")).toBe(true);
  });

  it("keeps integers exact and words case-insensitive but otherwise exact", () => {
    expect(cc("1000000000000000001", "1000000000000000000")).toBe(false);
    expect(cc("100001", "100000")).toBe(false);
    expect(cc("YES\nNo", "yes no")).toBe(true);
    expect(cc("yes", "yes no")).toBe(false);
    expect(cc("1,5", "1.5")).toBe(false);
  });

  it("is what CodeContests rows are graded with, raw or ingested", () => {
    expect(toCanonicalTests({ public_tests: { input: ["1\n"], output: ["0.5\n"] } }).checker).toBe("code_contests");
  });

  it("holds under any reprinting of a real within 1e-6 relative (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 6, max: 12 }), (x, digits) => {
        return cc(x.toPrecision(digits + 1), x.toExponential(digits));
      }),
    );
  });
});

describe("LiveCodeBench: grade_stdio's whitespace rule", () => {
  const lcb = OUTPUT_CHECKERS.lcb_lines;
  it("strips the text and each line, but keeps the line count", () => {
    expect(lcb("\n  3 4  \r\n5\n\n", "3 4\n5")).toBe(true);
    expect(lcb("3 4\n\n5", "3 4\n5")).toBe(false);
    expect(lcb("3\n4", "3 4")).toBe(false);
  });

  it("allows other inner spacing only on lines that read wholly as Decimals", () => {
    expect(lcb("1   2\t3", "1 2 3")).toBe(true);
    expect(lcb("1.50  2", "1.5 2")).toBe(true);
    expect(lcb("Yes  1", "Yes 1")).toBe(false);
    expect(lcb("Yes 1.50", "Yes 1.5")).toBe(false);
  });

  it("holds for numeric lines under any inner spacing and trailing zeros, never across lines (property)", () => {
    const num = fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.nat(3)).map(([n, zeros]) => ({ plain: String(n), padded: `${n}.${"0".repeat(zeros + 1)}` }));
    const space = fc.constantFrom(" ", "  ", "\t", " \t ");
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(num, space), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (lines) => {
        const expected = lines.map((l) => l.map(([n]) => n.plain).join(" ")).join("\n");
        const actual = lines.map((l) => l.map(([n, sp]) => n.padded + sp).join("")).join("\n") + "\n";
        expect(lcb(actual, expected)).toBe(true);
        if (lines.length > 1) expect(lcb(actual.replace("\n", " "), expected)).toBe(false);
      }),
    );
  });

  it("reads numbers as Python's Decimal does", () => {
    expect(lcb("1_000 1E2 -0 Infinity", "1000 100 0.0 inf")).toBe(true);
    expect(lcb("NaN", "nan")).toBe(false);
    expect(lcb("NaN", "NaN")).toBe(true); // the same text
    expect(decimalKey("1__0")).toBeNull();
    expect(decimalKey("abc")).toBeNull();
  });
});

describe("MBPP: the standard score", () => {
  it("runs test_list only; challenge_test_list is not part of it", () => {
    const t = toCanonicalTests({ test_list: ["assert f(1) == 2"], test_setup_code: "", challenge_test_list: ["assert f(2) == 5"] });
    expect(t.inputs).toEqual(["assert f(1) == 2"]);
  });
});

describe("LeetCode check(candidate): the judge's own names, in the sandbox", () => {
  const grader = createCodeGrader({ concurrency: 1, defaults: { timeLimitS: 5, memoryLimitMb: 256 } });
  afterAll(() => grader.close());

  it("defines List, Optional, collections, ListNode and the list/tree helpers before the solution", async () => {
    const functional =
      "def check(candidate):\n" +
      "    assert candidate(nums = [3, 1, 2]) == [1, 2, 3]\n" +
      "    assert is_same_list(Solution().rev(list_node([1, 2, 3])), list_node([3, 2, 1]))\n" +
      "    assert is_same_tree(Solution().mirror(tree_node([1, 2, None, 3])), tree_node([1, None, 2, None, 3]))\n\n" +
      "check(Solution().sort)";
    const solution =
      "class Solution:\n" +
      "    def sort(self, nums: List[int]) -> List[int]:\n        return sorted(collections.Counter(nums).elements())\n" +
      "    def rev(self, head: Optional[ListNode]) -> Optional[ListNode]:\n" +
      "        prev = None\n        while head:\n            head.next, prev, head = prev, head, head.next\n        return prev\n" +
      "    def mirror(self, root: Optional[TreeNode]) -> Optional[TreeNode]:\n" +
      "        if root:\n            root.left, root.right = self.mirror(root.right), self.mirror(root.left)\n        return root\n";
    const right = await grader.grade({ functional }, py(solution));
    expect(right).toMatchObject({ score: 1, verdicts: ["passed"] });
    const wrong = await grader.grade({ functional }, py(solution.replace("return prev", "return head")));
    expect(wrong.verdicts).toEqual(["wrong_answer"]);
  });
});
