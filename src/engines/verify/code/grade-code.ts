import { createCodeGrader } from "./code-grader.js";
import type { CodeGradeResult, CodeGrader, GradeCodeOptions } from "./types.js";

let shared: CodeGrader | undefined;

/**
 * Grades one model response against a problem's tests (canonical form or any raw dataset layout, as
 * an object or JSON string) in the shared sandbox pool: score = passed / total, a verdict per test,
 * and `error` with a null score when the sandbox itself failed.
 */
export function gradeCode(tests: unknown, response: string, options?: GradeCodeOptions): Promise<CodeGradeResult> {
  if (!shared) {
    shared = createCodeGrader();
    process.once("exit", () => void shared?.close());
  }
  return shared.grade(tests, response, options);
}
