import type { Rational } from "./rational.js";

/** The parsed form of an answer. Subtraction is `add` of a `neg`; division keeps its own node. */
export type MathNode =
  /** `digits`: a numeral written in another base (`664_7`), as written; `value` is its value. */
  | { k: "num"; value: Rational; decimal: boolean; text?: string; digits?: string }
  | { k: "var"; name: string }
  | { k: "const"; name: "pi" | "e" | "i" | "inf" }
  | { k: "add"; terms: MathNode[] }
  | { k: "neg"; arg: MathNode }
  | { k: "mul"; factors: MathNode[] }
  | { k: "div"; num: MathNode; den: MathNode }
  | { k: "pow"; base: MathNode; exp: MathNode }
  /** sqrt (args[1]: index), log (args[1]: base), trig, factorial, binom, abs, percent, degree, ... */
  | { k: "fn"; name: string; args: MathNode[] }
  /** `a ± b` (left set) or `±b` */
  | { k: "pm"; left: MathNode | null; right: MathNode; minusFirst: boolean }
  | { k: "rel"; ops: string[]; items: MathNode[] }
  /** Bracketed sequence: tuple, point, vector or interval; open/close are its brackets. */
  | { k: "seq"; open: string; close: string; items: MathNode[] }
  /** Several answers written side by side ("3, 5", "3 or 5"): order-free. */
  | { k: "list"; items: MathNode[] }
  | { k: "set"; items: MathNode[] }
  | { k: "setop"; op: "cup" | "cap" | "minus"; items: MathNode[] }
  | { k: "matrix"; rows: MathNode[][] }
  | { k: "text"; text: string };
