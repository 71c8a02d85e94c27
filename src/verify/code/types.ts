import type { CodeTests } from "../../../schemas/code-tests.js";

export type TestVerdict = "passed" | "wrong_answer" | "timeout" | "runtime_error" | "memory_limit" | "output_limit" | "compile_error";

export interface CodeGradeResult {
  /** passed / total, or null when the sandbox itself failed (never scored as wrong). */
  score: number | null;
  passed: number;
  total: number;
  verdicts: TestVerdict[];
  /** The program that was run (from the last fenced block of the response), or null when none was found. */
  program: string | null;
  /** Set when grading could not happen: no code, bad tests, sandbox failure. */
  error?: string;
  /** Machine-readable cause when error is set: "no_code" | "bad_tests" | "sandbox" | ... */
  errorKind?: string;
}

export interface GradeCodeOptions {
  /** Per-test CPU/wall limit in seconds. @default tests.time_limit_s ?? 4 */
  timeLimitS?: number;
  /** Memory limit in MiB. @default tests.memory_limit_mb ?? 1024 */
  memoryLimitMb?: number;
  /** Stop at the first failing test (when only pass/fail matters). @default false */
  stopOnFirstFailure?: boolean;
}

/** A pool of sandboxes; a remote sandbox service can implement the same interface. */
export interface CodeGrader {
  grade(tests: CodeTests | string | unknown, response: string, options?: GradeCodeOptions): Promise<CodeGradeResult>;
  close(): Promise<void>;
}
