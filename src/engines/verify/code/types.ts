import type { CodeTests } from "../../../../schemas/code-tests.js";

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
  /**
   * Machine-readable cause when error is set: "no_code" | "bad_tests" | "sandbox" | "unsupported_language" |
   * "toolchain" (a compiler is not installed) | "ungradable" (the problem's checker does not compile or needs
   * testlib.h) | "checker_failed" (the checker crashed or exited 3 on a test).
   */
  errorKind?: string;
  /** The language the program ran as. */
  language?: "python" | "cpp" | "java";
  /** C++/Java: "built" when the program was compiled for this call, "cached" when its binary was reused. */
  compile?: "built" | "cached";
  /** Per test, in order: wall seconds and a short reason for a failure (exception name, signal, checker note). */
  details?: CodeTestDetail[];
}

export interface CodeTestDetail {
  verdict: TestVerdict;
  /** Wall time of the test inside the sandbox, seconds. */
  wallS?: number;
  /** Why it failed, for humans: exception type, signal, a diff hint. */
  reason?: string;
}

export interface GradeCodeOptions {
  /** Per-test CPU/wall limit in seconds. @default tests.time_limit_s ?? 4 */
  timeLimitS?: number;
  /** Memory limit in MiB. @default tests.memory_limit_mb ?? 1024 */
  memoryLimitMb?: number;
  /** Stop at the first failing test (when only pass/fail matters); later tests count as failed. @default false */
  stopOnFirstFailure?: boolean;
  /** Bytes of stdout (and, separately, stderr) a test may write before it is stopped with `output_limit`. @default 16 MiB */
  outputLimitBytes?: number;
  /** Output checker, overriding the one the tests name. @default tests.checker ?? ws_tokens (stdin) / apps_call (functional) */
  checker?: CodeTests["checker"];
  /**
   * Language of the program when its fenced block names none: "python", "cpp" or "java" (any other is
   * `unsupported_language`). @default the problem's language, else "python"
   */
  language?: string;
  /** CPU seconds a compiler (g++, javac; a problem's checker) may take before the program is a `compile_error`. @default 30 */
  compileTimeLimitS?: number;
  /** Path of testlib.h, for problems whose checker program includes it (rungs does not ship it). */
  testlibPath?: string;
  /** Size of the sandbox's private writable scratch (a tmpfs), MiB. @default 64 */
  scratchMb?: number;
  /** Processes and threads the program may have at once (cgroup pids controller, or RLIMIT_NPROC). @default 32 */
  maxProcesses?: number;
  /** Cancels grading; the sandbox is killed and the promise rejects. */
  signal?: AbortSignal;
}

/** A pool of sandboxes; a remote sandbox service can implement the same interface. */
export interface CodeGrader {
  grade(tests: CodeTests | string | unknown, response: string, options?: GradeCodeOptions): Promise<CodeGradeResult>;
  close(): Promise<void>;
}
