/**
 * Canonical form of a code problem's tests, stored as a JSON string in `problems.tests`.
 * Every dataset layout (APPS/TACO input_output, CodeContests, LiveCodeBench, asserts) is mapped to it
 * at ingestion; the code grader reads it (and also recognises the raw layouts).
 */
export interface CodeTests {
  /** stdin: run as a program; functional: call `fn_name`; assert: run test code after the solution. */
  format: "stdin" | "functional" | "assert";
  /**
   * stdin: the input text per test. functional: a JSON array of positional arguments per test.
   * assert: the test code per test (an `assert ...` line or a `check(...)` block).
   */
  inputs: string[];
  /** stdin: expected output text. functional: expected return value as JSON. assert: "" per test. */
  outputs: string[];
  /** functional: the function (or `Solution` method) to call. */
  fn_name?: string;
  /** assert: code run after the solution and before each test (imports, helpers). */
  setup?: string;
  /**
   * How output is compared. stdin default `ws_tokens` (APPS/TACO/PRIME); `lcb_lines` for
   * LiveCodeBench; `code_contests` for CodeContests (case-insensitive tokens, numbers within 1e-5 absolute
   * or relative); functional default `apps_call` (expected may be wrapped in a 1-element list).
   */
  checker?: "exact" | "ws_tokens" | "lcb_lines" | "float_tol" | "code_contests" | "apps_call" | "lcb_equal";
  /**
   * stdin: a checker program (C++, testlib protocol: `checker input output answer`, exit 0 ok, 1 wrong
   * answer, 2 presentation error, 3 checker failure, message on stderr) that judges instead of `checker`,
   * for problems with many right answers. It may include "testlib.h", which the user supplies by path.
   */
  checker_program?: string;
  /**
   * Names the dataset's judge defines before every solution. `leetcode`: the imports and ListNode/TreeNode
   * helpers LeetCode-style `check(candidate)` tests rely on (List, Optional, collections, heapq, ...).
   */
  prelude?: "leetcode";
  /** Language the problem asks for, used when a response's code block names none. @default "python" */
  language?: "python" | "cpp" | "java";
  /** Per-test time limit in seconds, when the source gives one. */
  time_limit_s?: number;
  /** Memory limit in MiB, when the source gives one. */
  memory_limit_mb?: number;
  /** Starter code given to the model (function signature, class Solution stub). */
  starter_code?: string;
}

export const CODE_TEST_FORMATS = ["stdin", "functional", "assert"] as const;
