import { readFileSync } from "node:fs";
import type { CodeTests } from "../../../../schemas/code-tests.js";
import type { HarnessRecord } from "./sandbox/run-harness.js";
import type { CodeTestDetail } from "./types.js";

/** testlib's exit codes (testlib.h `TResult`): what a checker's exit status means. */
export const TESTLIB_EXIT = { ok: 0, wrongAnswer: 1, presentationError: 2, fail: 3 } as const;

/** The problem cannot be judged: its checker does not compile, needs testlib.h, or reported its own failure. */
export class UngradableError extends Error {
  override name = "UngradableError";
  constructor(
    readonly kind: "ungradable" | "checker_failed",
    message: string,
  ) {
    super(message);
  }
}

const testlibTexts = new Map<string, string>();

/** Extra files the checker compiles with: testlib.h from the user's path when the checker includes it. */
export function checkerIncludes(source: string, testlibPath: string | undefined): Record<string, string> {
  if (!/#\s*include\s*["<]testlib\.h[">]/.test(source)) return {};
  if (!testlibPath) throw new UngradableError("ungradable", "verify code: the problem's checker includes testlib.h; pass its path (--testlib PATH, or the testlibPath option): rungs does not ship it");
  let text = testlibTexts.get(testlibPath);
  if (text === undefined) {
    try {
      text = readFileSync(testlibPath, "utf8");
    } catch (error) {
      throw new UngradableError("ungradable", `verify code: cannot read testlib.h at ${testlibPath}: ${(error as Error).message}`);
    }
    testlibTexts.set(testlibPath, text);
  }
  return { "testlib.h": text };
}

/** One checker run → the test's verdict; exit 3 (or a crash, a timeout) is the checker's failure, not the program's. */
export function checkerVerdict(record: HarnessRecord, test: number, wallS: number | undefined): CodeTestDetail {
  const message = record.stderr.trim().split("\n").slice(0, 3).join(" ").slice(0, 300);
  const base = wallS === undefined ? {} : { wallS };
  if (record.status === "ok" && record.exit === TESTLIB_EXIT.ok) return { ...base, verdict: "passed" };
  if (record.status === "runtime_error" && record.signal === 0 && record.exit === TESTLIB_EXIT.wrongAnswer) {
    return { ...base, verdict: "wrong_answer", reason: `checker: ${message || "wrong answer"}` };
  }
  if (record.status === "runtime_error" && record.signal === 0 && record.exit === TESTLIB_EXIT.presentationError) {
    return { ...base, verdict: "wrong_answer", reason: `checker: presentation error: ${message}` };
  }
  const how = record.status === "timeout" ? "ran out of time" : record.signal ? `was killed by signal ${record.signal}` : record.exit === TESTLIB_EXIT.fail ? "failed (exit 3)" : `exited with ${record.exit}`;
  throw new UngradableError("checker_failed", `verify code: the problem's checker ${how} on test ${test}${message ? `: ${message}` : ""}`);
}

/** A checker case as the harness's checker job reads it. */
export function checkerCase(tests: CodeTests, i: number, output: string): string {
  return JSON.stringify({ input: tests.inputs[i], output, answer: tests.outputs[i] });
}
