import type { CodeTests } from "../../../schemas/code-tests.js";
import { FieldError, typeName } from "./field-error.js";
import { parseJsonExact, stringifyJsonExact } from "./json-exact.js";

/**
 * The field-level converters of dataset test layouts to canonical CodeTests, shared by ingest's
 * adapters and `toCanonicalTests` (verify): one reading of APPS `input_output` and LiveCodeBench
 * cases. JSON values are parsed and written exactly (big integers and float spellings kept).
 */

/** Text of a stdin input or expected output: TACO sometimes stores a list of lines instead of one string. */
function asText(value: unknown, what: string): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("\n");
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  throw new FieldError("wrong_type", `${what} must be text, got ${typeName(value)}`);
}

/**
 * Positional arguments of one functional test as a JSON array. Accepts both shapes seen in the data
 * (code-test-formats.md §2a/§2c): a list of arguments, or a string of one JSON value per line.
 */
export function argsJson(input: unknown, what: string): string {
  if (Array.isArray(input)) return stringifyJsonExact(input);
  if (typeof input === "string") {
    const args = input
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line, k) => {
        try {
          return parseJsonExact(line);
        } catch {
          throw new FieldError("bad_value", `${what} line ${k + 1} is not a JSON value: ${JSON.stringify(line.slice(0, 60))}`);
        }
      });
    return stringifyJsonExact(args);
  }
  throw new FieldError("wrong_type", `${what} must be a list of arguments or JSON lines, got ${typeName(input)}`);
}

/** An expected return value as JSON text; a string that already holds JSON (LCB, §2c) is kept as its value. */
function valueJson(output: unknown, parseStrings: boolean): string {
  if (typeof output === "string" && parseStrings) {
    try {
      return stringifyJsonExact(parseJsonExact(output));
    } catch {
      return JSON.stringify(output);
    }
  }
  return stringifyJsonExact(output);
}

/**
 * APPS/TACO/PRIME `input_output` (`{inputs, outputs, fn_name?}`) → canonical CodeTests. With `fn_name`
 * the tests are functional and keep APPS's 1-element wrapped outputs under the `apps_call` checker.
 */
export function fromInputOutput(io: unknown, field: string, extra: Partial<CodeTests> = {}): CodeTests {
  if (!io || typeof io !== "object" || Array.isArray(io)) throw new FieldError("wrong_type", `${field} must be an object {inputs, outputs}, got ${typeName(io)}`);
  const { inputs, outputs, fn_name } = io as Record<string, unknown>;
  if (!Array.isArray(inputs)) throw new FieldError(inputs === undefined ? "missing_field" : "wrong_type", `${field}.inputs must be a list, got ${typeName(inputs)}`);
  if (!Array.isArray(outputs)) throw new FieldError(outputs === undefined ? "missing_field" : "wrong_type", `${field}.outputs must be a list, got ${typeName(outputs)}`);
  if (inputs.length !== outputs.length) throw new FieldError("bad_value", `${field} has ${inputs.length} inputs but ${outputs.length} outputs`);
  if (typeof fn_name === "string" && fn_name.trim() !== "") {
    // The newline-joined string shape (§2c) stores outputs as JSON text; the list shape stores values.
    return {
      format: "functional",
      fn_name: fn_name.trim(),
      inputs: inputs.map((x, i) => argsJson(x, `${field}.inputs[${i}]`)),
      outputs: outputs.map((y, i) => valueJson(y, typeof inputs[i] === "string")),
      checker: "apps_call",
      ...extra,
    };
  }
  return {
    format: "stdin",
    inputs: inputs.map((x, i) => asText(x, `${field}.inputs[${i}]`)),
    outputs: outputs.map((y, i) => asText(y, `${field}.outputs[${i}]`)),
    checker: "ws_tokens",
    ...extra,
  };
}

/** One LiveCodeBench test case. */
export interface LcbTestCase {
  input: unknown;
  output: unknown;
  testtype?: string;
}

/** LiveCodeBench test cases (public + private) → canonical CodeTests: `lcb_lines` for stdin, `lcb_equal` for functional. */
export function fromLcbCases(cases: LcbTestCase[], funcName: string | undefined, extra: Partial<CodeTests> = {}): CodeTests {
  const functional = cases.some((c) => c.testtype === "functional");
  if (functional) {
    if (!funcName) throw new FieldError("missing_field", `field "metadata.func_name" is missing for functional tests`);
    return {
      format: "functional",
      fn_name: funcName,
      inputs: cases.map((c, i) => argsJson(c.input, `test case ${i} input`)),
      outputs: cases.map((c) => valueJson(c.output, true)),
      checker: "lcb_equal",
      ...extra,
    };
  }
  return {
    format: "stdin",
    inputs: cases.map((c, i) => asText(c.input, `test case ${i} input`)),
    outputs: cases.map((c, i) => asText(c.output, `test case ${i} output`)),
    checker: "lcb_lines",
    ...extra,
  };
}

/** The canonical JSON text stored in `problems.tests`, or null when there is no test at all. */
export function testsJson(tests: CodeTests): string | null {
  if (tests.inputs.length === 0) return null;
  return JSON.stringify(tests);
}
