import type { CodeTests } from "../../../../schemas/code-tests.js";
import { extractProgram } from "./extract-program.js";
import { BadTestsError, toCanonicalTests } from "../../code-tests/to-canonical-tests.js";
import type { CodeGradeResult, GradeCodeOptions, TestVerdict } from "./types.js";

export type Prepared = { done: CodeGradeResult } | { tests: CodeTests; program: string };

const LANGUAGES = new Set(["python", "python3", "py"]);

/** Everything before the sandbox: tests to canonical form, the program out of the response, the language. */
export function prepareGrading(rawTests: unknown, response: string, options: GradeCodeOptions): Prepared {
  let tests: CodeTests;
  try {
    tests = toCanonicalTests(rawTests);
  } catch (error) {
    if (!(error instanceof BadTestsError)) throw error;
    return { done: { score: null, passed: 0, total: 0, verdicts: [], program: null, error: error.message, errorKind: "bad_tests" } };
  }
  const total = tests.inputs.length;
  const program = extractProgram(response);
  if (program === null) {
    const verdicts: TestVerdict[] = tests.inputs.map(() => "compile_error");
    return { done: { score: 0, passed: 0, total, verdicts, program: null, error: "verify code: the response holds no code", errorKind: "no_code" } };
  }
  const language = (options.language ?? "python").toLowerCase();
  if (!LANGUAGES.has(language)) {
    return { done: { score: null, passed: 0, total, verdicts: [], program, error: `verify code: language ${JSON.stringify(options.language)} is not supported yet (python only)`, errorKind: "unsupported_language" } };
  }
  return { tests, program };
}
