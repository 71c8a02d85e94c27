import { CODE_TEST_FORMATS, type CodeTests } from "../../../../schemas/code-tests.js";
import { DOMAINS, type Domain } from "../../../../schemas/problems.js";
import type { LayoutAdapter } from "./adapter.js";
import { FieldError, idField, jsonField, optionalString, requireString, typeName } from "./fields.js";

/** Checks the shape of a canonical CodeTests object, naming the first bad field. */
export function checkCodeTests(value: unknown, field = "tests"): CodeTests {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new FieldError("wrong_type", `field "${field}" must be a CodeTests object, got ${typeName(value)}`);
  const t = value as Record<string, unknown>;
  if (!CODE_TEST_FORMATS.includes(t.format as never)) throw new FieldError("bad_value", `field "${field}.format" must be one of ${CODE_TEST_FORMATS.join(", ")}, got ${JSON.stringify(t.format ?? null)}`);
  for (const key of ["inputs", "outputs"] as const) {
    const list = t[key];
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) throw new FieldError("wrong_type", `field "${field}.${key}" must be a list of strings`);
  }
  if ((t.inputs as string[]).length !== (t.outputs as string[]).length) throw new FieldError("bad_value", `field "${field}" has ${(t.inputs as string[]).length} inputs but ${(t.outputs as string[]).length} outputs`);
  if (t.format === "functional" && (typeof t.fn_name !== "string" || !t.fn_name)) throw new FieldError("missing_field", `field "${field}.fn_name" is required for functional tests`);
  return t as unknown as CodeTests;
}

/** The native layout (data/sample): domain, prompt, answer?, tests? (object or JSON string), solution?, meta?, source_id?. */
export const rungsAdapter: LayoutAdapter = {
  name: "rungs",
  describes: "the native layout of data/sample (domain, prompt, answer?, tests?, solution?, meta?, source_id?)",
  detect: (c) => c.has("domain") && c.has("prompt") && (c.has("answer") || c.has("tests")),
  adapt(row) {
    const domain = requireString(row, "domain") as Domain;
    if (!DOMAINS.includes(domain)) throw new FieldError("bad_value", `field "domain" must be one of ${DOMAINS.join(", ")}, got ${JSON.stringify(domain)}`);
    const prompt = requireString(row, "prompt");
    const testsValue = jsonField(row, "tests", { required: false });
    const tests = testsValue === undefined ? null : JSON.stringify(checkCodeTests(testsValue));
    const meta = jsonField(row, "meta", { required: false }) ?? {};
    if (typeof meta !== "object" || Array.isArray(meta)) throw new FieldError("wrong_type", `field "meta" must be an object, got ${typeName(meta)}`);
    return {
      domain,
      prompt,
      answer: optionalString(row, "answer"),
      tests,
      solution: optionalString(row, "solution"),
      meta: meta as Record<string, unknown>,
      source_id: idField(row, "source_id") ?? idField(row, "id"),
    };
  },
};
