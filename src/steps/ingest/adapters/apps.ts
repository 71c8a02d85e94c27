import type { CodeTests } from "../../../../schemas/code-tests.js";
import type { AdaptedRow, RawRow } from "../../../engines/config/source-spec.js";
import type { LayoutAdapter } from "./adapter.js";
import { fromInputOutput, testsJson } from "../../../engines/code-tests/field-converters.js";
import { FieldError, idField, jsonField, optionalString, pickMeta, requireString } from "./fields.js";

/** The first reference solution of an APPS/TACO `solutions` JSON list (may be "" or "[]"). */
function firstSolution(row: RawRow): string | null {
  const solutions = jsonField(row, "solutions", { required: false });
  if (solutions === undefined) return null;
  if (!Array.isArray(solutions)) throw new FieldError("wrong_type", `field "solutions" must be a JSON list of programs`);
  const first = solutions.find((s) => typeof s === "string" && s.trim() !== "");
  return typeof first === "string" ? first : null;
}

/** Maps an APPS-like row (question, input_output, solutions, starter_code); shared by apps and taco. */
export function adaptAppsLike(row: RawRow, metaFields: readonly string[], limits: Partial<CodeTests> = {}): AdaptedRow {
  const prompt = requireString(row, "question");
  const io = jsonField(row, "input_output", { required: false });
  const starter = optionalString(row, "starter_code")?.trim() ? (row.starter_code as string) : undefined;
  const tests = io === undefined ? null : testsJson(fromInputOutput(io, "input_output", { ...limits, ...(starter ? { starter_code: starter } : {}) }));
  const meta = pickMeta(row, metaFields);
  if (starter) meta.starter_code = starter;
  return { domain: "code", prompt, tests, solution: firstSolution(row), meta, source_id: idField(row, "problem_id") ?? idField(row, "id") };
}

/** codeparrot/apps: `input_output` JSON with optional `fn_name` → stdin or functional tests; first of `solutions`. */
export const appsAdapter: LayoutAdapter = {
  name: "apps",
  describes: "codeparrot/apps (problem_id, question, solutions, input_output, starter_code, difficulty, url)",
  detect: (c) => c.has("question") && c.has("input_output"),
  adapt: (row) => adaptAppsLike(row, ["difficulty", "url"]),
};
