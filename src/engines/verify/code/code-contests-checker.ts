/**
 * deepmind/code_contests' judge (`OutputsMatch` in its execution/tester_sandboxer.cc): both texts are split
 * into tokens on " \n\t\r\v" and lower-cased ("YES" is "yes"); equal token lists pass; otherwise the counts
 * must agree and each pair must be the same text or two numbers close enough. CodeContests reads every
 * number as a double and allows an absolute error below 1e-5; rungs also allows a relative error of 1e-5
 * (whichever is looser), as the problems' own statements do for large real answers, and keeps integers exact
 * (the double reading would equate 10^18 and 10^18+1). A number may be spelled any way the judge parses one:
 * `+3`, `.5`, `5.`, `1e-7`, `1E+02`.
 */
const SPACE = /[ \n\t\r\v]+/;
const INTEGER = /^[+-]?\d+$/;
const REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/;
export const CODE_CONTESTS_TOLERANCE = 1e-5;

function tokens(text: string): string[] {
  return text.split(SPACE).filter(Boolean).map(asciiLower);
}

function asciiLower(token: string): string {
  return token.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** One pair of (already lower-cased) tokens under the CodeContests rule. */
export function codeContestsValuesMatch(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  if (INTEGER.test(actual) && INTEGER.test(expected)) return BigInt(actual) === BigInt(expected);
  if (!REAL.test(actual) || !REAL.test(expected)) return false;
  const a = Number(actual);
  const e = Number(expected);
  const diff = Math.abs(a - e);
  return diff < CODE_CONTESTS_TOLERANCE || diff <= CODE_CONTESTS_TOLERANCE * Math.abs(e);
}

export function codeContestsTokensMatch(actual: string, expected: string): boolean {
  const a = tokens(actual);
  const e = tokens(expected);
  return a.length === e.length && a.every((x, i) => codeContestsValuesMatch(x, e[i]!));
}
