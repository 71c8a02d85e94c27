import type { CodeTests } from "../../../schemas/code-tests.js";
import type { SimRandom } from "./sim-random.js";

/** How a simulated model's program goes wrong. */
export type BrokenKind = "wrong_output" | "exception" | "syntax_error" | "infinite_loop";

/** Relative weights; an infinite loop costs the grader a whole time limit, so it is rare. @default */
export const DEFAULT_BROKEN_WEIGHTS: Record<BrokenKind, number> = { wrong_output: 0.6, exception: 0.25, syntax_error: 0.13, infinite_loop: 0.02 };

/** A program that looks like an attempt at the problem but fails its tests in the chosen way. */
export function brokenProgram(solution: string | null, tests: CodeTests | null, kind: BrokenKind): string {
  const base = solution?.trim() || tests?.starter_code?.trim() || "import sys\n\ndef main():\n    data = sys.stdin.read().split()\n    print(len(data))\n\nmain()";
  switch (kind) {
    case "wrong_output":
      return `${base}\n${wrongOutputTail(tests)}`;
    case "exception":
      return `def _parse(value):\n    raise ValueError("unexpected input: " + repr(value))\n\n_parse(None)\n${base}`;
    case "syntax_error":
      return base.split("\n").slice(0, Math.max(1, Math.ceil(base.split("\n").length / 2))).join("\n").concat("\n    return (");
    case "infinite_loop":
      return `while True:\n    pass\n${base}`;
  }
}

/** Makes the program's answer wrong without crashing it, for each test format. */
function wrongOutputTail(tests: CodeTests | null): string {
  const fn = tests?.fn_name;
  if (tests?.format === "functional" && fn) {
    return `\ntry:\n    Solution.${fn} = lambda self, *args, **kwargs: None\nexcept NameError:\n    def ${fn}(*args, **kwargs):\n        return None`;
  }
  if (tests?.format === "assert" && fn) return `\ndef ${fn}(*args, **kwargs):\n    return None`;
  return `\nprint("-1")`;
}

/** The program of a correct answer: the reference solution when the problem has one. */
export function correctProgram(solution: string | null, tests: CodeTests | null): string {
  return solution?.trim() || brokenProgram(null, tests, "wrong_output");
}
