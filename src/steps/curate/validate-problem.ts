import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { CODE_TEST_FORMATS, type CodeTests } from "../../../schemas/code-tests.js";
import { rowViolation } from "../../core/validate-row.js";
import { problemId } from "../../core/problem-id.js";
import { cleanText } from "../../engines/near-dup/clean-text.js";

export type ValidationResult = { problem: Problem; tests?: CodeTests; meta: Record<string, unknown> } | { field: string; detail: string };

/**
 * Checks an ingested row against the problems contract and the forms inside its JSON columns,
 * and returns it cleaned (prompt and answer cleaned, id recomputed from the cleaned prompt).
 */
export function validateProblem(row: Record<string, unknown>): ValidationResult {
  const violation = rowViolation(problemsTable.columns, row);
  if (violation) return { field: violation.split(" ")[0]!, detail: violation };
  const raw = row as Problem;
  const prompt = cleanText(raw.prompt);
  if (prompt === "") return { field: "prompt", detail: "prompt is empty" };
  let meta: unknown;
  try {
    meta = JSON.parse(raw.meta);
  } catch {
    return { field: "meta", detail: "meta is not valid JSON" };
  }
  if (!meta || typeof meta !== "object" || Array.isArray(meta)) return { field: "meta", detail: "meta must be a JSON object" };
  let tests: CodeTests | undefined;
  if (raw.tests !== null && raw.tests !== undefined) {
    const parsed = parseCodeTests(raw.tests);
    if (typeof parsed === "string") return { field: "tests", detail: parsed };
    tests = parsed;
  }
  const answer = raw.answer === null || raw.answer === undefined ? null : cleanText(raw.answer);
  const problem: Problem = { ...raw, id: problemId(raw.domain, prompt), prompt, answer };
  return { problem, meta: meta as Record<string, unknown>, ...(tests ? { tests } : {}) };
}

/** Parses the canonical CodeTests JSON; returns a message naming the bad field instead of throwing. */
export function parseCodeTests(text: string): CodeTests | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "tests is not valid JSON";
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return "tests must be a JSON object (CodeTests)";
  const tests = value as Partial<CodeTests>;
  if (!CODE_TEST_FORMATS.includes(tests.format as CodeTests["format"])) {
    return `tests.format must be one of ${CODE_TEST_FORMATS.join(", ")}, got ${JSON.stringify(tests.format)}`;
  }
  for (const key of ["inputs", "outputs"] as const) {
    const list = tests[key];
    if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) return `tests.${key} must be a list of strings`;
  }
  if (tests.inputs!.length !== tests.outputs!.length) {
    return `tests.inputs and tests.outputs differ in length (${tests.inputs!.length} vs ${tests.outputs!.length})`;
  }
  if (tests.format === "functional" && (typeof tests.fn_name !== "string" || tests.fn_name === "")) return "tests.fn_name is required for functional tests";
  return tests as CodeTests;
}
