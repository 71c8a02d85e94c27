import { inflateSync } from "node:zlib";
import { Parser } from "pickleparser";
import type { RawRow } from "../../../engines/config/source-spec.js";
import type { LayoutAdapter } from "./adapter.js";
import { fromInputOutput, fromLcbCases, testsJson, type LcbTestCase } from "./canonical-tests.js";
import { FieldError, idField, jsonField, optionalString, pickMeta, requireString, typeName } from "./fields.js";

/**
 * LCB's private tests: plain JSON, or base64 → zlib → pickle → JSON string. The pickle is parsed by
 * pickleparser, which builds values from the opcodes and never imports or calls anything; a pickle
 * that holds anything but a string (or SandboxFusion's `{"input_output": str}` dict) is rejected.
 */
export function decodePrivateTests(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      /* fall through: base64 text never starts with [ or {, but be sure */
    }
  }
  let unpickled: unknown;
  try {
    const packed = inflateSync(Buffer.from(trimmed, "base64"));
    unpickled = new Parser().parse(packed);
  } catch (error) {
    throw new FieldError("bad_value", `field "private_test_cases" is neither JSON nor base64(zlib(pickle)) (${(error as Error).message.split("\n")[0]})`);
  }
  if (unpickled && typeof unpickled === "object" && typeof (unpickled as Record<string, unknown>).input_output === "string") {
    return JSON.parse((unpickled as { input_output: string }).input_output) as unknown;
  }
  if (typeof unpickled !== "string") throw new FieldError("bad_value", `field "private_test_cases" unpickles to ${typeName(unpickled)}, expected a JSON string`);
  try {
    return JSON.parse(unpickled);
  } catch {
    throw new FieldError("bad_value", `field "private_test_cases" unpickles to text that is not JSON`);
  }
}

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
    const decoded = typeof rawPrivate === "string" ? decodePrivateTests(rawPrivate) : rawPrivate ?? undefined;
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
