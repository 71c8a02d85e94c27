/** Output checkers for stdin tests: how a program's stdout is compared with the expected text. */
export type OutputChecker = "exact" | "ws_tokens" | "lcb_lines" | "float_tol";

export const OUTPUT_CHECKERS: Record<OutputChecker, (actual: string, expected: string) => boolean> = {
  exact: (a, e) => a === e,
  /** APPS/TACO/PRIME: every whitespace difference (blank lines, line breaks, trailing spaces) is ignored. */
  ws_tokens: (a, e) => sameList(tokens(a), tokens(e), (x, y) => x === y),
  /** LiveCodeBench grade_stdio: same lines after stripping; a line may differ only in how its numbers are written. */
  lcb_lines: (a, e) =>
    sameList(a.trim().split("\n"), e.trim().split("\n"), (x, y) => {
      const lx = x.trim();
      const ly = y.trim();
      return lx === ly || sameList(tokens(lx), tokens(ly), (p, q) => p === q || decimalKey(p) !== null && decimalKey(p) === decimalKey(q));
    }),
  /** Token-wise; numeric tokens may differ by max(1e-6, 1e-6·|expected|). */
  float_tol: (a, e) => sameList(tokens(a), tokens(e), floatTokenEqual),
};

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function sameList<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => eq(x, b[i]!));
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function floatTokenEqual(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  if (!NUMERIC.test(actual) || !NUMERIC.test(expected)) return false;
  const a = Number(actual);
  const e = Number(expected);
  return Math.abs(a - e) <= Math.max(1e-6, 1e-6 * Math.abs(e));
}

/** A canonical key for a decimal number, so `1.6804` and `1.68040` (and `-0`, `0.0`) compare equal, exactly. */
export function decimalKey(token: string): string | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!m || (!m[2] && !m[3])) return null;
  let digits = `${m[2]}${m[3] ?? ""}`;
  let exp = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  digits = digits.replace(/^0+/, "");
  if (!digits) return "0";
  const trailing = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailing);
  exp += trailing;
  return `${m[1] === "-" ? "-" : ""}${digits}e${exp}`;
}
