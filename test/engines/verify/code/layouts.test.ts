import { describe, expect, it } from "vitest";
import { detectTestLayout, toCanonicalTests, BadTestsError } from "../../../../src/engines/verify/code/index.js";

const PICKLED_STR = "eJxrYJlqwwABPRbR1UqZeQWlJUpWCkqGMXlKOgpK+aUlUAEjiEBJanFJSWVBKkiouCQlM0+pNnaKHgCVCRRG";
const PICKLED_DICT = "eJxrYJlqywABtVN6eDLzCkpL4vNLS4DUlB71aiWwQLGSlUK0knFMnlKsjoISRBYiZgYSq51SrAcAKUUW+A==";
const PICKLED_STR_V3 = "eJxrYI6wYGBgiK5WyswrKC1RslJQMozJU9JRUMovLYEKGEEESlKLS0oqC1JBQsUlKZl5SrWxhQx6AGG7Ex0=";
const PICKLED_LIST = "eJxrYJnKyQABsVM0vBm9mVL1ACJhA2g=";

describe("detectTestLayout / toCanonicalTests", () => {
  it("reads APPS input_output as a JSON string, stdin form", () => {
    const raw = JSON.stringify({ inputs: ["5 7\n", "3 4\n"], outputs: ["4\n", "6\n"] });
    expect(detectTestLayout(raw)).toBe("apps_input_output");
    expect(toCanonicalTests(raw)).toEqual({ format: "stdin", inputs: ["5 7\n", "3 4\n"], outputs: ["4\n", "6\n"], checker: "ws_tokens" });
  });

  it("reads APPS call-based tests with argument lists and wrapped outputs", () => {
    const c = toCanonicalTests({ fn_name: "total", inputs: [[[1, 2, 3]]], outputs: [[6]] });
    expect(c).toMatchObject({ format: "functional", fn_name: "total", inputs: ["[[1,2,3]]"], outputs: ["[6]"], checker: "apps_call" });
  });

  it("reads verl's mixed form: newline-joined JSON arguments and JSON-text outputs", () => {
    const c = toCanonicalTests({ fn_name: "occ", inputs: ["[1, 3]\n[1]\n1"], outputs: ["[0, -1]"] });
    expect(c.inputs).toEqual(["[[1,3],[1],1]"]);
    expect(c.outputs).toEqual(["[0,-1]"]);
  });

  it("keeps integers beyond 2^53 exact", () => {
    const c = toCanonicalTests('{"fn_name": "f", "inputs": [[1]], "outputs": [[123456789012345678901234567890]]}');
    expect(c.outputs[0]).toBe("[123456789012345678901234567890]");
  });

  it("reads CodeContests public/private/generated tests", () => {
    const raw = { public_tests: { input: ["1\n"], output: ["1\n"] }, private_tests: { input: [], output: [] }, generated_tests: { input: ["2"], output: ["4\n"] } };
    expect(detectTestLayout(raw)).toBe("code_contests");
    expect(toCanonicalTests(raw)).toMatchObject({ format: "stdin", inputs: ["1\n", "2"], outputs: ["1\n", "4\n"] });
  });

  it("reads SandboxFusion's flattened stdio list", () => {
    const raw = JSON.stringify([{ input: { stdin: "6417726739" }, output: { stdout: "4\n" } }]);
    expect(detectTestLayout(raw)).toBe("sandboxfusion_stdio");
    expect(toCanonicalTests(raw)).toMatchObject({ inputs: ["6417726739"], outputs: ["4\n"] });
  });

  it("reads LiveCodeBench stdin rows and decodes pickled private tests without running them", () => {
    const row = { public_test_cases: JSON.stringify([{ input: "5\n", output: "T\n", testtype: "stdin" }]), private_test_cases: PICKLED_STR, metadata: "{}" };
    expect(detectTestLayout(row)).toBe("lcb");
    expect(toCanonicalTests(row)).toEqual({ format: "stdin", inputs: ["5\n", "1\n"], outputs: ["T\n", "2\n"], checker: "lcb_lines" });
    expect(toCanonicalTests({ ...row, private_test_cases: PICKLED_STR_V3 }).inputs).toEqual(["5\n", "1\n"]);
    expect(toCanonicalTests({ ...row, private_test_cases: PICKLED_DICT }).inputs).toEqual(["5\n", "3\n"]);
  });

  it("refuses a pickle that holds anything but strings", () => {
    const row = { public_test_cases: "[]", private_test_cases: PICKLED_LIST };
    expect(() => toCanonicalTests(row)).toThrow('verify code: tests: field "private_test_cases" unpickles to list, expected a JSON string');
  });

  it("reads LiveCodeBench functional tests with metadata.func_name", () => {
    const row = { public_test_cases: JSON.stringify([{ input: '["a", "b"]\n3', output: "2", testtype: "functional" }]), metadata: '{"func_name": "countSeniors"}' };
    expect(toCanonicalTests(row)).toEqual({ format: "functional", fn_name: "countSeniors", inputs: ['[["a","b"],3]'], outputs: ["2"], checker: "lcb_equal" });
  });

  it("reads open-r1 verification_info and the Codeforces list", () => {
    expect(toCanonicalTests({ language: "python", test_cases: [{ input: "1", output: "2", type: "stdin_stdout" }] }).inputs).toEqual(["1"]);
    expect(detectTestLayout([{ input: "3 30", output: "5" }])).toBe("codeforces_list");
  });

  it("reads HumanEval, MBPP, KodCode and LeetCode assert layouts", () => {
    expect(toCanonicalTests({ test: "def check(candidate):\n    assert candidate(1) == 2\n", entry_point: "inc" }).inputs[0]).toContain("check(inc)");
    const mbpp = toCanonicalTests({ test_list: ["assert f(1) == 2"], test_setup_code: "import math", challenge_test_list: ["assert f(2) == 3"] });
    expect(mbpp).toEqual({ format: "assert", inputs: ["assert f(1) == 2"], outputs: [""], setup: "import math" });
    expect(toCanonicalTests({ fn_name: "m", assert_case: ["assert m([]) == []"], inputs: [""], outputs: [null] }).inputs).toEqual(["assert m([]) == []"]);
    const pytest = "from solution import f\n\ndef test_a():\n    assert f(1) == 2\ndef test_b():\n    assert f(0) == 1\n";
    expect(detectTestLayout(pytest)).toBe("kodcode_pytest");
    expect(toCanonicalTests(pytest)).toMatchObject({ format: "assert", inputs: ["test_a()", "test_b()"], setup: pytest });
    expect(detectTestLayout({ functional: "def check(candidate):\n    assert candidate(1) == 1\ncheck(Solution().f)" })).toBe("leetcode_check");
  });

  it("splits a SandboxFusion assert program into setup and one test per top-level assert", () => {
    const code = "import sys\ndef check(x):\n    return x\n\nassert check('a') == 'a'\nassert check(\n  'b') == 'b'\n";
    const c = toCanonicalTests(code);
    expect(c.inputs).toEqual(["assert check('a') == 'a'", "assert check(\n  'b') == 'b'\n"]);
    expect(c.setup).toContain("def check");
  });

  it.each([
    ["unknown layout", { foo: 1 }, /unknown layout \(keys: foo\)/],
    ["empty tests", { inputs: [], outputs: [] }, /no test cases/],
    ["mismatched lists", { inputs: ["1"], outputs: [] }, /1 inputs but 0 outputs/],
    ["non-text input", { inputs: [{ n: 5 }], outputs: ["1"] }, "verify code: tests: input_output.inputs[0] must be text, got object"],
    ["functional without a name", { format: "functional", inputs: ["[1]"], outputs: ["1"] }, /name no function/],
    ["garbage string", "hello", /unknown layout/],
  ])("rejects %s with a reason", (_name, raw, message) => {
    expect(() => toCanonicalTests(raw)).toThrow(BadTestsError);
    expect(() => toCanonicalTests(raw)).toThrow(message);
  });
});
