import type { RawRow } from "../../../engines/config/source-spec.js";
import type { LayoutAdapter } from "./adapter.js";
import { decodeLcbPrivate } from "../../../engines/code-tests/decode-lcb-private.js";
import { fromInputOutput, fromLcbCases, testsJson, type LcbTestCase } from "../../../engines/code-tests/field-converters.js";
import { FieldError, idField, jsonField, optionalString, pickMeta, requireString, typeName } from "./fields.js";

function caseList(value: unknown, field: string): LcbTestCase[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new FieldError("wrong_type", `field "${field}" must be a JSON list of test cases, got ${typeName(value)}`);
  return value.map((c, i) => {
    if (!c || typeof c !== "object" || !("input" in c) || !("output" in c)) throw new FieldError("bad_value", `field "${field}"[${i}] must be {input, output, testtype}`);
    return c as LcbTestCase;
  });
}

/** livecodebench/code_generation_lite: `question_content`, public + private test cases, `metadata.func_name` for functional problems. */
export const livecodebenchAdapter: LayoutAdapter = {
  name: "livecodebench",
  describes: "livecodebench/code_generation_lite (question_content, public/private_test_cases, metadata, starter_code, platform, difficulty)",
  detect: (c) => c.has("question_content") && c.has("public_test_cases"),
  adapt(row: RawRow) {
    const prompt = requireString(row, "question_content");
    const metadata = (jsonField(row, "metadata", { required: false }) ?? {}) as Record<string, unknown>;
    const funcName = typeof metadata.func_name === "string" ? metadata.func_name : undefined;
    const starter = optionalString(row, "starter_code")?.trim() ? (row.starter_code as string) : undefined;
    const extra = starter ? { starter_code: starter } : {};
    const publicCases = caseList(jsonField(row, "public_test_cases", { required: false }), "public_test_cases");
    const rawPrivate = row.private_test_cases;
    const decoded = typeof rawPrivate === "string" ? decodeLcbPrivate(rawPrivate) : rawPrivate ?? undefined;
    let tests;
    if (decoded && typeof decoded === "object" && !Array.isArray(decoded) && "inputs" in decoded) {
      // SandboxFusion's re-encoding: an APPS-style dict instead of a case list.
      tests = fromInputOutput({ fn_name: funcName, ...decoded }, "private_test_cases", extra);
    } else {
      tests = fromLcbCases([...publicCases, ...caseList(decoded, "private_test_cases")], funcName, extra);
    }
    const meta = pickMeta(row, ["question_title", "platform", "contest_id", "contest_date", "difficulty"]);
    if (starter) meta.starter_code = starter;
    if (funcName) meta.func_name = funcName;
    return { domain: "code", prompt, tests: testsJson(tests), meta, source_id: idField(row, "question_id") };
  },
};
