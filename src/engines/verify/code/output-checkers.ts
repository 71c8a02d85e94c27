import { codeContestsTokensMatch } from "./code-contests-checker.js";
import { decimalKey, decimalKeysEqual, pySplit, pyStrip } from "./python-text.js";

/** Output checkers for stdin tests: how a program's stdout is compared with the expected text. */
export type OutputChecker = "exact" | "ws_tokens" | "lcb_lines" | "float_tol" | "code_contests";

export const OUTPUT_CHECKERS: Record<OutputChecker, (actual: string, expected: string) => boolean> = {
  exact: (a, e) => a === e,
  /** APPS/TACO/PRIME: every whitespace difference (blank lines, line breaks, trailing spaces) is ignored. */
  ws_tokens: (a, e) => sameList(tokens(a), tokens(e), (x, y) => x === y),
  /**
   * LiveCodeBench `grade_stdio`: the whole text and then each line (split on "\n") are stripped the way
   * Python strips; equal line counts; a line passes when it is the same text, or when both lines read
   * entirely as Decimals (`line.split()`, one `Decimal` per token) and the lists are equal. A line with any
   * word in it must match exactly, inner spacing included ("a  b" is not "a b"), while "1  2" is "1 2".
   */
  lcb_lines: (a, e) => sameList(lcbLines(a), lcbLines(e), (x, y) => x === y || decimalLineEqual(x, y)),
  /** Token-wise; numeric tokens may differ by max(1e-6, 1e-6·|expected|). */
  float_tol: (a, e) => sameList(tokens(a), tokens(e), floatTokenEqual),
  /** deepmind/code_contests' own judge (see code-contests-checker.ts). */
  code_contests: codeContestsTokensMatch,
};

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function sameList<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => eq(x, b[i]!));
}

function lcbLines(text: string): string[] {
  return pyStrip(text).split("\n").map(pyStrip);
}

function decimalLineEqual(a: string, b: string): boolean {
  const ka = pySplit(a).map(decimalKey);
  const kb = pySplit(b).map(decimalKey);
  if (ka.includes(null) || kb.includes(null)) return false;
  return sameList(ka as string[], kb as string[], decimalKeysEqual);
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function floatTokenEqual(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  if (!NUMERIC.test(actual) || !NUMERIC.test(expected)) return false;
  const a = Number(actual);
  const e = Number(expected);
  return Math.abs(a - e) <= Math.max(1e-6, 1e-6 * Math.abs(e));
}

export { decimalKey };
