import { describe, expect, it } from "vitest";
import { validateProblem } from "../../../src/steps/curate/validate-problem.js";
import { ungradableReason } from "../../../src/steps/curate/gradability.js";
import { problemId } from "../../../src/core/problem-id.js";
import { codeProblem, mathProblem } from "./helpers.js";

const fails = (row: Record<string, unknown>) => {
  const result = validateProblem(row);
  return "field" in result ? result : undefined;
};

describe("validateProblem", () => {
  it("names the field of a contract violation", () => {
    expect(fails({ ...mathProblem("x"), prompt: null })).toEqual({ field: "prompt", detail: "prompt is required" });
    expect(fails({ ...mathProblem("x"), domain: "physics" })).toMatchObject({ field: "domain" });
    expect(fails({ ...mathProblem("x"), extra: 1 })).toMatchObject({ field: "extra" });
    expect(fails(mathProblem(" \u200B\n "))).toEqual({ field: "prompt", detail: "prompt is empty" });
    expect(fails(mathProblem("x", { meta: "[1]" }))).toEqual({ field: "meta", detail: "meta must be a JSON object" });
  });

  it("checks the canonical CodeTests form", () => {
    const tests = (value: unknown) => fails(codeProblem("p", { tests: JSON.stringify(value) }))?.detail;
    expect(tests({ format: "pytest", inputs: [], outputs: [] })).toBe('tests.format must be one of stdin, functional, assert, got "pytest"');
    expect(tests({ format: "stdin", inputs: [1], outputs: ["1"] })).toBe("tests.inputs must be a list of strings");
    expect(tests({ format: "functional", inputs: ["[1]"], outputs: ["2"] })).toBe("tests.fn_name is required for functional tests");
    expect(fails(codeProblem("p", { tests: "{" }))?.detail).toBe("tests is not valid JSON");
  });

  it("cleans text gently and recomputes the id", () => {
    const result = validateProblem(mathProblem("  Find x² if\r\n\r\n\r\n\r\nx\u00A0=\u00A03.  ", { id: "stale", answer: " 9 " }));
    expect(result).toMatchObject({ problem: { prompt: "Find x² if\n\nx = 3.", answer: "9", id: problemId("math", "Find x² if\n\nx = 3.") } });
  });

  it("keeps indentation in code prompts", () => {
    const prompt = "Fix this:\n    def f():\n        return 1";
    expect(validateProblem(codeProblem(prompt))).toMatchObject({ problem: { prompt } });
  });
});

describe("ungradableReason", () => {
  const reason = (row: ReturnType<typeof mathProblem>, meta: Record<string, unknown> = {}) => {
    const checked = validateProblem(row);
    if ("field" in checked) throw new Error(checked.detail);
    return ungradableReason(checked.problem, meta, checked.tests);
  };
  it("drops proofs and answers that cannot be checked, keeps real answers", () => {
    for (const answer of ["proof", "Proof", "notfound", "\\text{proof}", "$\\blacksquare$", "", "  "]) expect(reason(mathProblem("p", { answer })), answer).toBeDefined();
    expect(reason(mathProblem("p", { answer: "3" }), { question_type: "proof" })).toBe("proof problem (meta.question_type)");
    for (const answer of ["0", "\\frac{1}{2}", "(0, 1]", "\\emptyset", "none of these"]) expect(reason(mathProblem("p", { answer })), answer).toBeUndefined();
  });
  it("drops code without tests", () => {
    expect(reason(codeProblem("p", { tests: null }))).toBe("code problem has no tests");
    expect(reason(codeProblem("p"))).toBeUndefined();
  });
});
