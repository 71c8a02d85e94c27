/**
 * Python's text rules, for checkers that must judge as a Python grader does: what `str.strip()` and
 * `str.split()` call whitespace, and which tokens `decimal.Decimal(...)` reads as a number.
 */

/** Characters Python's `str.isspace()` is true for (str.strip/str.split with no argument). */
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
const SPLIT = new RegExp(`[${PY_SPACE}]+`);

/** Python's `s.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(STRIP, "");
}

/** Python's `s.split()`: runs of whitespace separate, no empty tokens. */
export function pySplit(text: string): string[] {
  return text.split(SPLIT).filter(Boolean);
}

/**
 * A key equal for exactly the tokens `Decimal(a) == Decimal(b)` holds for, or null when `Decimal(token)`
 * raises (so the token is not a number to Python). `1.6804` and `1.68040`, `1e2` and `100`, `-0` and `0.0`,
 * `1_000` and `1000`, `inf` and `Infinity` share a key. NaN reads as a number but equals nothing: its key is
 * "nan", which callers must treat as unequal to everything (see `decimalKeysEqual`).
 */
export function decimalKey(token: string): string | null {
  const special = /^([+-]?)(inf|infinity|nan|snan)$/i.exec(token);
  if (special) {
    const word = special[2]!.toLowerCase();
    if (word.endsWith("nan")) return "nan";
    return `${special[1] === "-" ? "-" : ""}inf`;
  }
  // Decimal allows one underscore between digits (PEP 515), as int() and float() do.
  const m = /^([+-]?)(\d(?:_?\d)*)?(?:\.(\d(?:_?\d)*)?)?(?:[eE]([+-]?\d(?:_?\d)*))?$/.exec(token);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  const intPart = (m[2] ?? "").replace(/_/g, "");
  const frac = (m[3] ?? "").replace(/_/g, "");
  let digits = `${intPart}${frac}`;
  let exp = BigInt((m[4] ?? "0").replace(/_/g, "")) - BigInt(frac.length);
  digits = digits.replace(/^0+/, "");
  if (!digits) return "0";
  const trailing = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailing);
  exp += BigInt(trailing);
  return `${m[1] === "-" ? "-" : ""}${digits}e${exp}`;
}

/** `Decimal(a) == Decimal(b)` for two keys of `decimalKey`. */
export function decimalKeysEqual(a: string, b: string): boolean {
  return a === b && a !== "nan";
}
