import type { CodeTests } from "../../../schemas/code-tests.js";
import { decodeLcbPrivate } from "./decode-lcb-private.js";
import { detectTestLayout, parseTests } from "./detect-test-layout.js";
import { FieldError } from "./field-error.js";
import { fromInputOutput, fromLcbCases, type LcbTestCase } from "./field-converters.js";

/** Tests that cannot be graded: malformed, empty, or of an unknown layout. */
export class BadTestsError extends Error {
  override name = "BadTestsError";
}

type Obj = Record<string, unknown>;
const fail = (why: string): never => {
  throw new BadTestsError(`verify code: tests: ${why}`);
};
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown, field: string): string => (typeof v === "string" ? v : fail(`${field} must be text, got ${typeof v}`));
const list = (v: unknown, field: string): unknown[] => (Array.isArray(v) ? v : fail(`${field} must be a list`));

/** Maps any recognised layout (object or JSON string) to the canonical form; throws BadTestsError otherwise. */
export function toCanonicalTests(tests: unknown): CodeTests {
  const t = parseTests(tests);
  const layout = detectTestLayout(t);
  if (!layout) return fail(`unknown layout${typeof t === "object" && t ? ` (keys: ${Object.keys(t).slice(0, 8).join(", ") || "none"})` : ""}`);
  const out = CONVERT[layout](t as never);
  if (out.inputs.length === 0) fail("no test cases");
  if (out.inputs.length !== out.outputs.length) fail(`${out.inputs.length} inputs but ${out.outputs.length} outputs`);
  if (out.format === "functional" && !out.fn_name) fail("call-based tests name no function (fn_name / metadata.func_name)");
  return out;
}

function stdinPairs(inputs: unknown[], outputs: unknown[], where: string): Pick<CodeTests, "inputs" | "outputs"> {
  if (inputs.length !== outputs.length) fail(`${where}: ${inputs.length} inputs but ${outputs.length} outputs`);
  return {
    inputs: inputs.map((v, i) => (Array.isArray(v) ? v.join("\n") : text(v, `${where}.inputs[${i}]`))),
    outputs: outputs.map((v, i) => (Array.isArray(v) ? v.join("\n") : text(v, `${where}.outputs[${i}]`))),
  };
}

/** The shared field converters throw FieldError; here they become BadTestsError with the same text. */
function viaFields<T>(convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof FieldError) fail(error.message);
    throw error;
  }
}

function fromApps(t: Obj): CodeTests {
  const io = isObj(t.input_output) ? t.input_output : t.input_output !== undefined ? (parseTests(t.input_output) as Obj) : t;
  return viaFields(() => fromInputOutput({ ...io, fn_name: io.fn_name ?? t.fn_name }, "input_output"));
}

function lcbCases(cases: unknown[], fnName: unknown): CodeTests {
  const objs = cases.map((c, i) => (isObj(c) ? c : fail(`test case ${i} is not an object`)));
  const fn = typeof fnName === "string" ? fnName : (objs.find((c) => isObj(c.metadata))?.metadata as Obj | undefined)?.func_name;
  return viaFields(() => fromLcbCases(objs as unknown as LcbTestCase[], typeof fn === "string" ? fn : undefined));
}

function fromLcb(t: Obj): CodeTests {
  const cases = list(parseTests(t.public_test_cases), "public_test_cases");
  const raw = t.private_test_cases;
  if (typeof raw === "string" && raw.trim()) {
    const priv = viaFields(() => decodeLcbPrivate(raw));
    if (Array.isArray(priv)) cases.push(...priv);
    else if (isObj(priv) && Array.isArray(priv.inputs)) {
      const apps = fromApps(priv);
      cases.push(...apps.inputs.map((input, i) => ({ input, output: apps.outputs[i], testtype: apps.format === "functional" ? "functional" : "stdin" })));
    }
  }
  const meta = typeof t.metadata === "string" ? parseTests(t.metadata) : t.metadata;
  return lcbCases(cases, isObj(meta) ? meta.func_name : undefined);
}

/** Top-level `assert` statements are tests (with their continuation lines); everything else is setup. */
function splitAsserts(code: string): { setup: string; asserts: string[] } {
  const setup: string[] = [];
  const asserts: string[] = [];
  let inAssert = false;
  for (const line of code.split("\n")) {
    if (/^assert\b/.test(line)) {
      asserts.push(line);
      inAssert = true;
    } else if (inAssert && (/^[ \t)\]}]/.test(line) || line.trim() === "")) asserts[asserts.length - 1] += `\n${line}`;
    else {
      inAssert = false;
      setup.push(line);
    }
  }
  return { setup: setup.join("\n"), asserts };
}

const asserts = (inputs: string[], setup?: string): CodeTests => ({ format: "assert", inputs, outputs: inputs.map(() => ""), ...(setup?.trim() ? { setup } : {}) });

const CONVERT: Record<NonNullable<ReturnType<typeof detectTestLayout>>, (t: never) => CodeTests> = {
  canonical: (t: Obj) => {
    const c = t as unknown as CodeTests;
    if (!["stdin", "functional", "assert"].includes(c.format)) fail(`format must be stdin, functional or assert, got ${JSON.stringify(c.format)}`);
    list(c.inputs, "inputs").forEach((v, i) => text(v, `inputs[${i}]`));
    list(c.outputs, "outputs").forEach((v, i) => text(v, `outputs[${i}]`));
    if (c.prelude !== undefined && c.prelude !== "leetcode") fail(`prelude must be "leetcode", got ${JSON.stringify(c.prelude)}`);
    if (c.checker_program !== undefined && typeof c.checker_program !== "string") fail(`checker_program must be C++ source text, got ${typeof c.checker_program}`);
    if (c.checker_program !== undefined && c.format !== "stdin") fail("checker_program needs stdin tests");
    return c;
  },
  apps_input_output: fromApps,
  code_contests: (t: Obj) => {
    const inputs: unknown[] = [];
    const outputs: unknown[] = [];
    for (const key of ["public_tests", "private_tests", "generated_tests"]) {
      if (t[key] === undefined || t[key] === null) continue;
      const part = isObj(t[key]) ? (t[key] as Obj) : fail(`${key} must be an object with input/output lists`);
      inputs.push(...list(part.input, `${key}.input`));
      outputs.push(...list(part.output, `${key}.output`));
    }
    return { format: "stdin", ...stdinPairs(inputs, outputs, "code_contests"), checker: "code_contests" };
  },
  sandboxfusion_stdio: (t: Obj[]) => ({
    format: "stdin",
    ...stdinPairs(t.map((c) => (c.input as Obj)?.stdin), t.map((c) => (isObj(c.output) ? c.output.stdout : undefined)), "test"),
    checker: "ws_tokens",
  }),
  lcb: fromLcb,
  lcb_list: (t: unknown[]) => lcbCases(t, undefined),
  open_r1_verification_info: (t: Obj) => {
    const cases = list(t.test_cases, "test_cases").map((c, i) => (isObj(c) ? c : fail(`test_cases[${i}] is not an object`)));
    return { format: "stdin", ...stdinPairs(cases.map((c) => c.input), cases.map((c) => c.output), "test_cases"), checker: "ws_tokens" };
  },
  codeforces_list: (t: Obj[]) => ({ format: "stdin", ...stdinPairs(t.map((c) => c.input), t.map((c) => c.output), "tests"), checker: "ws_tokens" }),
  humaneval: (t: Obj) => asserts([`${text(t.test, "test")}\ncheck(${text(t.entry_point, "entry_point")})\n`]),
  // MBPP's standard score runs `test_list` only; `challenge_test_list` is an optional harder set outside it.
  mbpp: (t: Obj) => {
    const all = list(t.test_list, "test_list");
    return asserts(all.map((v, i) => text(v, `test_list[${i}]`)), typeof t.test_setup_code === "string" ? t.test_setup_code : undefined);
  },
  kodcode_assert_case: (t: Obj) => asserts(list(t.assert_case, "assert_case").map((v, i) => text(v, `assert_case[${i}]`))),
  kodcode_pytest: (t: string) => {
    const names = [...t.matchAll(/^def\s+(test_\w*)\s*\(/gm)].map((m) => m[1]!);
    return asserts(names.map((n) => `${n}()`), t);
  },
  // LeetCode's judge runs every solution after its imports and ListNode/TreeNode helpers (the harness's prelude).
  leetcode_check: (t: Obj) => ({ ...asserts([text(t.functional, "functional")]), prelude: "leetcode" }),
  sandboxfusion_assert_test: (t: string) => {
    const { setup, asserts: list } = splitAsserts(t);
    return asserts(list, setup);
  },
};
