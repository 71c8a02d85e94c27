import type { CodeTests } from "../../../../schemas/code-tests.js";
import { parseJsonExact } from "../../code-tests/json-exact.js";
import { OUTPUT_CHECKERS, type OutputChecker } from "./output-checkers.js";
import type { HarnessRecord } from "./sandbox/run-harness.js";
import type { CodeTestDetail } from "./types.js";
import { VALUE_CHECKERS, type ValueChecker } from "./value-checkers.js";

const ASSERT_FAILURES = new Set(["AssertionError", "StrictCheckError"]);

/** The checker a test set uses: the option, else what the tests name, else the format's default. */
export function checkerFor(tests: CodeTests, override?: CodeTests["checker"]): OutputChecker | ValueChecker | undefined {
  const named = override ?? tests.checker;
  if (tests.format === "stdin") return named && named in OUTPUT_CHECKERS ? (named as OutputChecker) : "ws_tokens";
  if (tests.format === "functional") return named && named in VALUE_CHECKERS ? (named as ValueChecker) : "apps_call";
  return undefined;
}

/** Turns one raw harness record into a verdict, applying the checker on the host (expected outputs never enter the sandbox). */
export function judgeRecord(tests: CodeTests, record: HarnessRecord, checker: ReturnType<typeof checkerFor>): CodeTestDetail {
  const base = { wallS: record.wall };
  if (record.status === "runtime_error" && tests.format === "assert" && ASSERT_FAILURES.has(record.exception ?? "")) {
    return { ...base, verdict: "wrong_answer", reason: lastLine(record.stderr) || "assertion failed" };
  }
  if (record.status === "stopped") return { ...base, verdict: "wrong_answer", reason: "not run: stopped at the first failure" };
  if (record.status !== "ok") {
    const early = tests.format === "assert" && record.status === "runtime_error" && record.exit === 0 && !record.exception;
    const why = early ? "exited before its asserts completed" : record.exception ?? (record.signal ? `signal ${record.signal}` : record.exit !== null && record.exit !== 0 ? `exit ${record.exit}` : undefined);
    return { ...base, verdict: record.status, ...(why ? { reason: why } : {}) };
  }
  const expected = tests.outputs[record.i] ?? "";
  if (tests.format === "stdin") {
    if (record.utf8 === false) return { ...base, verdict: "wrong_answer", reason: "output is not UTF-8" };
    const ok = OUTPUT_CHECKERS[checker as OutputChecker](record.stdout ?? "", expected);
    return ok ? { ...base, verdict: "passed" } : { ...base, verdict: "wrong_answer", reason: `${checker} mismatch` };
  }
  if (tests.format === "functional") {
    if (record.value === undefined || record.value === null) return { ...base, verdict: "runtime_error", reason: "exited before returning a value" };
    try {
      const ok = VALUE_CHECKERS[checker as ValueChecker](parseJsonExact(record.value), parseJsonExact(expected));
      return ok ? { ...base, verdict: "passed" } : { ...base, verdict: "wrong_answer", reason: `${checker} mismatch` };
    } catch (error) {
      return { ...base, verdict: "wrong_answer", reason: `expected output is not JSON: ${(error as Error).message}` };
    }
  }
  return { ...base, verdict: "passed" };
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}
