import { parseJsonExact } from "./json-exact.js";

/** Layout names of docs `code-test-formats.md`, plus `canonical` (schemas/code-tests.ts). */
export type TestLayout =
  | "canonical"
  | "apps_input_output"
  | "code_contests"
  | "sandboxfusion_stdio"
  | "lcb"
  | "lcb_list"
  | "open_r1_verification_info"
  | "codeforces_list"
  | "humaneval"
  | "mbpp"
  | "kodcode_assert_case"
  | "kodcode_pytest"
  | "leetcode_check"
  | "sandboxfusion_assert_test";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Parses tests given as a JSON string (keeping big integers exact); a string that is not JSON is
 * test code (KodCode pytest, SandboxFusion asserts). Objects pass through.
 */
export function parseTests(tests: unknown): unknown {
  if (typeof tests !== "string") return tests;
  const text = tests.trim();
  if (text.startsWith("{") || text.startsWith("[") || text.startsWith('"')) {
    try {
      const parsed = parseJsonExact(text);
      // A JSON string holding JSON (double-encoded, as some exports store it).
      return typeof parsed === "string" ? parseTests(parsed) : parsed;
    } catch {
      // not JSON: fall through to code
    }
  }
  return tests;
}

/** Recognises how a dataset stored its tests; null when the layout is unknown. */
export function detectTestLayout(tests: unknown): TestLayout | null {
  const t = parseTests(tests);
  if (typeof t === "string") {
    if (/^\s*def\s+test_\w*\s*\(/m.test(t)) return "kodcode_pytest";
    if (/^assert\b/m.test(t)) return "sandboxfusion_assert_test";
    return null;
  }
  if (Array.isArray(t)) {
    if (t.length === 0) return null;
    const first = t[0];
    if (!isObj(first)) return null;
    if (isObj(first.input) && "stdin" in first.input) return "sandboxfusion_stdio";
    if ("testtype" in first) return "lcb_list";
    if ("input" in first && "output" in first) return "codeforces_list";
    return null;
  }
  if (!isObj(t)) return null;
  if (typeof t.format === "string" && Array.isArray(t.inputs) && Array.isArray(t.outputs)) return "canonical";
  if ("input_output" in t) return detectTestLayout(t.input_output) === "apps_input_output" ? "apps_input_output" : null;
  if (Array.isArray(t.assert_case)) return "kodcode_assert_case";
  if (Array.isArray(t.inputs) && Array.isArray(t.outputs)) return "apps_input_output";
  if ("public_tests" in t || "private_tests" in t || "generated_tests" in t) return "code_contests";
  if ("public_test_cases" in t) return "lcb";
  if (Array.isArray(t.test_cases)) return "open_r1_verification_info";
  if (typeof t.test === "string" && typeof t.entry_point === "string") return "humaneval";
  if (Array.isArray(t.test_list)) return "mbpp";
  if (typeof t.functional === "string") return "leetcode_check";
  return null;
}
