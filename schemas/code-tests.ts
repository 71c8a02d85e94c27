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
   * LiveCodeBench; functional default `apps_call` (expected may be wrapped in a 1-element list).
   */
  checker?: "exact" | "ws_tokens" | "lcb_lines" | "float_tol" | "apps_call" | "lcb_equal";
  /** Per-test time limit in seconds, when the source gives one. */
  time_limit_s?: number;
  /** Memory limit in MiB, when the source gives one. */
  memory_limit_mb?: number;
  /** Starter code given to the model (function signature, class Solution stub). */
  starter_code?: string;
}

export const CODE_TEST_FORMATS = ["stdin", "functional", "assert"] as const;
