import type { CodeTests } from "../../../../schemas/code-tests.js";
import { extractCode } from "./extract-program.js";
import { languageOfTag, type Language } from "./languages.js";
import { BadTestsError, toCanonicalTests } from "../../code-tests/to-canonical-tests.js";
import type { CodeGradeResult, GradeCodeOptions, TestVerdict } from "./types.js";

export type Prepared = { done: CodeGradeResult } | { tests: CodeTests; program: string; language: Language };

/**
 * Everything before the sandbox: tests to canonical form, the program out of the response, its language
 * (the fenced block's tag, else the `language` option, else the problem's, else Python).
 */
export function prepareGrading(rawTests: unknown, response: string, options: GradeCodeOptions): Prepared {
  let tests: CodeTests;
  try {
    tests = toCanonicalTests(rawTests);
  } catch (error) {
    if (!(error instanceof BadTestsError)) throw error;
    return { done: { score: null, passed: 0, total: 0, verdicts: [], program: null, error: error.message, errorKind: "bad_tests" } };
  }
  const total = tests.inputs.length;
  const extracted = extractCode(response);
  if (extracted === null) {
    const verdicts: TestVerdict[] = tests.inputs.map(() => "compile_error");
    return { done: { score: 0, passed: 0, total, verdicts, program: null, error: "verify code: the response holds no code", errorKind: "no_code" } };
  }
  const program = extracted.code;
  const named = [extracted.tag, options.language, tests.language].map((t) => ({ t, lang: languageOfTag(t) })).find((x) => x.lang !== null);
  const unsupported = (why: string): Prepared => ({ done: { score: null, passed: 0, total, verdicts: [], program, error: `verify code: ${why}`, errorKind: "unsupported_language" } });
  if (named?.lang === "unsupported") return unsupported(`language ${JSON.stringify(named.t)} is not supported (python, cpp, java)`);
  if (named === undefined && options.language !== undefined && options.language.trim() !== "") {
    return unsupported(`language ${JSON.stringify(options.language)} is not supported (python, cpp, java)`);
  }
  const language = (named?.lang ?? "python") as Language;
  if (language !== "python" && tests.format !== "stdin") {
    return unsupported(`${language === "cpp" ? "C++" : "Java"} programs are graded on stdin tests only; these ${tests.format} tests call Python code`);
  }
  return { tests, program, language };
}
