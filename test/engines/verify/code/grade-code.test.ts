import { afterAll, describe, expect, it } from "vitest";
import { createCodeGrader } from "../../../../src/engines/verify/code/index.js";
import { SANDBOX_MODES } from "./sandbox-modes.js";


const py = (code: string) => "```python\n" + code + "\n```";

describe.each(SANDBOX_MODES)("%s sandbox", (mode) => {
  const grader = createCodeGrader({ concurrency: 2, sandbox: mode, defaults: { timeLimitS: 2, memoryLimitMb: 256 } });
  afterAll(() => grader.close());

  describe("gradeCode formats (in the sandbox)", () => {
    it("scores stdin programs as passed / total with the ws_tokens checker", async () => {
      const tests = JSON.stringify({ inputs: ["1 2\n", "3 4\n", "5 5\n"], outputs: ["3\n", "7", "11\n"] });
      const r = await grader.grade(tests, py("a, b = map(int, input().split())\nprint(a + b, end='  \\n\\n')"));
      expect(r).toMatchObject({ score: 2 / 3, passed: 2, total: 3, verdicts: ["passed", "passed", "wrong_answer"] });
      expect(r.program).toContain("map(int");
    });

    it("runs a program as __main__ and counts sys.exit(0) as a normal exit", async () => {
      const r = await grader.grade({ inputs: ["x"], outputs: ["main"] }, py("import sys\nif __name__ == '__main__':\n    print('main')\n    sys.exit(0)"));
      expect(r.verdicts).toEqual(["passed"]);
    });

    it("fails a test that printed the right text then crashed", async () => {
      const r = await grader.grade({ inputs: ["1"], outputs: ["1"] }, py("print(1)\nraise ValueError('late')"));
      expect(r.verdicts).toEqual(["runtime_error"]);
      expect(r.details?.[0]?.reason).toBe("ValueError");
    });

    it("calls free functions and class Solution methods, APPS and LCB styles", async () => {
      const apps = await grader.grade({ fn_name: "total", inputs: [[[1, 2, 3]], [[4]]], outputs: [[6], [5]] }, py("def total(a):\n    return sum(a)"));
      expect(apps.verdicts).toEqual(["passed", "wrong_answer"]);
      const lcb = {
        public_test_cases: JSON.stringify([
          { input: "[1, 2]\n3", output: "[1, 2, 3]", testtype: "functional" },
          { input: "[]\n0", output: "[0]", testtype: "functional" },
        ]),
        metadata: JSON.stringify({ func_name: "push" }),
      };
      const sol = "class Solution:\n    def push(self, a: List[int], x: int) -> Tuple[int, ...]:\n        return tuple(a + [x])";
      expect((await grader.grade(lcb, py(sol))).verdicts).toEqual(["passed", "passed"]);
    });

    it("compares call results with big integers exactly", async () => {
      const tests = '{"fn_name": "f", "inputs": [[]], "outputs": [[1267650600228229401496703205377]]}';
      expect((await grader.grade(tests, py("def f():\n    return 2**100 + 1"))).verdicts).toEqual(["passed"]);
      expect((await grader.grade(tests, py("def f():\n    return 2**100"))).verdicts).toEqual(["wrong_answer"]);
    });

    it("runs MBPP asserts with setup, one verdict per assert", async () => {
      const tests = { test_list: ["assert f(2) == 4", "assert f(3) == 9", "assert f(1) == 2"], test_setup_code: "import math" };
      const r = await grader.grade(tests, py("def f(x):\n    return x * x"));
      expect(r.verdicts).toEqual(["passed", "passed", "wrong_answer"]);
    });

    it("runs HumanEval check(candidate) and KodCode pytest functions", async () => {
      const he = { test: "def check(candidate):\n    assert candidate(3, 7) == 1\n    assert candidate(10, 15) == 5\n", entry_point: "gcd" };
      expect((await grader.grade(he, py("def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a"))).verdicts).toEqual(["passed"]);
      const pytest = "from solution import f\n\ndef test_one():\n    assert f([1, 2]) == 2\n\ndef test_two():\n    assert f([]) == 0\n";
      expect((await grader.grade(pytest, py("def f(a):\n    return len(a) if a else 1"))).verdicts).toEqual(["passed", "wrong_answer"]);
    });

    it("gives compile_error for a program that does not parse, and no_code for a response without code", async () => {
      const bad = await grader.grade({ inputs: ["1"], outputs: ["1"] }, py("def f(:\n  pass"));
      expect(bad).toMatchObject({ score: 0, verdicts: ["compile_error"] });
      const none = await grader.grade({ inputs: ["1"], outputs: ["1"] }, "  ");
      expect(none).toMatchObject({ score: 0, errorKind: "no_code" });
    });

    it("returns a null score with the reason for tests it cannot read", async () => {
      const r = await grader.grade("{not json", py("print(1)"));
      expect(r).toMatchObject({ score: null, errorKind: "bad_tests" });
      expect(r.error).toMatch(/^verify code: tests: unknown layout/);
    });

    it("marks non-UTF-8 output as a wrong answer", async () => {
      const r = await grader.grade({ inputs: [""], outputs: ["a"] }, py("import sys\nsys.stdout.buffer.write(b'\\xff\\xfe')"));
      expect(r.verdicts).toEqual(["wrong_answer"]);
      expect(r.details?.[0]?.reason).toMatch(/UTF-8/);
    });

    it("stops at the first failure when asked, failing the rest without running them", async () => {
      const tests = { inputs: ["1", "2", "3"], outputs: ["1", "x", "3"] };
      const r = await grader.grade(tests, py("print(input())"), { stopOnFirstFailure: true });
      expect(r).toMatchObject({ passed: 1, total: 3, verdicts: ["passed", "wrong_answer", "wrong_answer"] });
      expect(r.details?.[2]?.reason).toMatch(/not run/);
    });

    it("grades a program that never reads its stdin", async () => {
      expect((await grader.grade({ inputs: ["lots\n".repeat(100_000)], outputs: ["ok"] }, py("print('ok')"))).verdicts).toEqual(["passed"]);
    });

    it("rejects a language it cannot run yet with a null score", async () => {
      const r = await grader.grade({ inputs: ["1"], outputs: ["1"] }, "int main(){}", { language: "rust" });
      expect(r).toMatchObject({ score: null, errorKind: "unsupported_language" });
    });
  });
});
