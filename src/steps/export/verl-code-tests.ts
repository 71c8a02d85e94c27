import type { CodeTests } from "../../../schemas/code-tests.js";

/** What the verl conversion of one problem's tests gives, with a warning when verl's default scorer cannot grade it. */
export interface VerlCodeTests {
  groundTruth: string;
  warning?: string;
}

/**
 * Canonical CodeTests → the JSON string verl's `prime_code` scorer reads (`{inputs, outputs, fn_name?}`).
 * prime_code runs stdin tests as programs; for call-based tests it parses each input as one JSON value
 * per line (the positional arguments) and each output as one JSON value, so functional inputs (a JSON
 * array of arguments in rungs) are split into lines. Assert tests have no prime_code form: they are
 * written as `assert_case` (what verl's sandbox_fusion scorer reads) with a warning.
 */
export function verlCodeTests(testsJson: string, problemId: string): VerlCodeTests {
  const tests = JSON.parse(testsJson) as CodeTests;
  switch (tests.format) {
    case "stdin":
      return { groundTruth: JSON.stringify({ inputs: tests.inputs, outputs: tests.outputs }) };
    case "functional": {
      const inputs = tests.inputs.map((input, i) => {
        let args: unknown;
        try {
          args = JSON.parse(input);
        } catch {
          throw new Error(`export: problem ${problemId}: tests.inputs[${i}] is not JSON (functional tests hold a JSON array of arguments)`);
        }
        return (Array.isArray(args) ? args : [args]).map((a) => JSON.stringify(a)).join("\n");
      });
      return { groundTruth: JSON.stringify({ inputs, outputs: tests.outputs, fn_name: tests.fn_name ?? null }) };
    }
    case "assert":
      return {
        groundTruth: JSON.stringify({ inputs: tests.inputs.map(() => ""), outputs: tests.inputs.map(() => null), assert_case: tests.inputs, fn_name: tests.fn_name ?? null }),
        warning: "assert-style tests: verl's prime_code cannot grade them; use reward_model.sandbox_fusion.url (sandbox_fusion reads assert_case)",
      };
  }
}
