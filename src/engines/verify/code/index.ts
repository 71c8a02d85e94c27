/** Code grader: runs model-written programs against dataset tests in a bubblewrap sandbox. */
export { gradeCode } from "./grade-code.js";
export { createCodeGrader, type CreateCodeGraderOptions } from "./code-grader.js";
export { CODE_GRADER_VERSION } from "./version.js";
export { detectTestLayout, type TestLayout } from "../../code-tests/detect-test-layout.js";
export { toCanonicalTests, BadTestsError } from "../../code-tests/to-canonical-tests.js";
export { extractProgram } from "./extract-program.js";
export { checkSandbox, type SandboxStatus } from "./sandbox/check-sandbox.js";
export { OUTPUT_CHECKERS, type OutputChecker } from "./output-checkers.js";
export { VALUE_CHECKERS, type ValueChecker } from "./value-checkers.js";
export type { CodeGradeResult, CodeGrader, CodeTestDetail, GradeCodeOptions, TestVerdict } from "./types.js";
export { auditProblemTests, type AuditProgram, type TestAuditFlag, type TestAuditInput, type TestAuditResult } from "./audit-tests.js";
export { languageOfTag, type Language } from "./languages.js";
