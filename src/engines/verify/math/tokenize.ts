/**
 * Tokens of a normalised answer (see normalize-latex.ts). Letter runs become function names, known words,
 * units, or single-letter variables (implicit multiplication: `xy` is x·y).
 */
import type { Budget } from "./budget.js";
import { balancedGroup } from "./boxes.js";

export type Token =
  | { t: "num"; s: string }
  | { t: "id"; s: string }
  | { t: "fn"; s: string }
  | { t: "cmd"; s: string }
  | { t: "op"; s: string }
  | { t: "word"; s: string };

export const FUNCTIONS = new Set([
  "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "arcsec", "arccsc", "arccot",
  "sinh", "cosh", "tanh", "coth", "sech", "csch", "log", "ln", "lg", "exp", "sqrt", "abs", "max", "min", "gcd", "lcm",
  "floor", "ceil",
]);
const ALIASES: Record<string, string> = { asin: "arcsin", acos: "arccos", atan: "arctan", cbrt: "cbrt" };
const CONSTANT_WORDS = new Set(["pi", "inf", "infty", "infinity", "oo"]);
const CONNECTIVES = new Set(["or", "and"]);
/** Words that follow a number as its unit and carry no value. */
export const UNITS = new Set([
  "cm", "mm", "km", "m", "kg", "g", "mg", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr",
  "hrs", "hour", "hours", "day", "days", "week", "weeks", "year", "years", "ft", "feet", "foot", "inch", "inches", "in", "yd",
  "yards", "mi", "miles", "mile", "meter", "meters", "metre", "metres", "units", "unit", "sq", "square", "cubic", "dollars",
  "dollar", "cents", "cent", "degrees", "degree", "deg", "radians", "rad", "liters", "liter", "l", "ml", "mph", "kmh", "percent",
  "people", "students", "ways", "points", "times", "cups", "pounds", "lbs", "oz", "ounces", "gallons", "apples", "marbles", "cookies",
]);
/** LaTeX commands that spell a variable (Greek letters). */
const GREEK = /^(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Phi|Psi|Omega)$/;

export function tokenize(input: string, budget: Budget): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < input.length) {
    budget.tick();
    const c = input[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (/[0-9.]/.test(c) && (c !== "." || /[0-9]/.test(input[i + 1] ?? ""))) {
      const rest = input.slice(i, i + 400);
      // 1,000 (outside brackets, where a comma separates items) and 1 000 are thousands separators
      const thousands = (depth === 0 ? /^\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.,])/.exec(rest) : null) ?? /^\d{1,3}(?: \d{3})+(?:\.\d+)?(?![\d.])/.exec(rest);
      const number = thousands ?? /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+(?![a-zA-Z]))?/.exec(rest)!;
      out.push({ t: "num", s: number[0].replace(/[, ]/g, "") });
      i += number[0].length;
      continue;
    }
    if (c === "\\") {
      const name = /^\\([a-zA-Z]+|.)/.exec(input.slice(i, i + 40));
      if (!name) break;
      i += name[0].length;
      const cmd = name[1];
      if (cmd === "begin" || cmd === "end") {
        const env = /^\s*\{([a-zA-Z*]+)\}(?:\s*\{[^{}]*\})?/.exec(input.slice(i, i + 60));
        if (env) i += cmd === "begin" && env[1] === "array" ? env[0].length : /^\s*\{[a-zA-Z*]+\}/.exec(input.slice(i))![0].length;
        out.push({ t: "cmd", s: `${cmd}:${env?.[1] ?? ""}` });
        continue;
      }
      if (cmd === "text") {
        i = textToken(input, i, out, budget);
        continue;
      }
      if (GREEK.test(cmd)) out.push({ t: "id", s: cmd });
      else if (FUNCTIONS.has(cmd) || cmd === "arcsinh") out.push({ t: "fn", s: cmd });
      else out.push({ t: "cmd", s: cmd });
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      const run = /^[a-zA-Z]+/.exec(input.slice(i, i + 200))![0];
      i += run.length;
      letterRun(run, out);
      continue;
    }
    if ("([⦃{".includes(c)) depth++;
    if (")]⦄}".includes(c)) depth--;
    out.push({ t: "op", s: c });
    i++;
  }
  return out;
}

/** `\text{...}`: numbers and short math inside are parsed, words become one word token (a unit, a name, "or"). */
function textToken(input: string, at: number, out: Token[], budget: Budget): number {
  let i = at;
  while (input[i] === " ") i++;
  if (input[i] !== "{") return i;
  const content = balancedGroup(input, i);
  if (content === null) return input.length;
  const end = i + content.length + 2;
  const trimmed = content.trim();
  if (trimmed === "") return end;
  if (/^[a-zA-Z]+$/.test(trimmed) && (FUNCTIONS.has(trimmed) || trimmed.length === 1)) {
    letterRun(trimmed, out);
  } else if (/^[^a-zA-Z]*$/.test(trimmed) || /\\/.test(trimmed)) {
    out.push({ t: "op", s: "{" }, ...tokenize(trimmed, budget), { t: "op", s: "}" });
  } else {
    out.push({ t: "word", s: trimmed.replace(/\s+/g, " ") });
  }
  return end;
}

function letterRun(run: string, out: Token[]): void {
  const lower = run.toLowerCase();
  if (FUNCTIONS.has(lower) || ALIASES[lower]) return void out.push({ t: "fn", s: ALIASES[lower] ?? lower });
  if (CONSTANT_WORDS.has(lower)) return void out.push({ t: "cmd", s: lower === "pi" ? "pi" : "infty" });
  if (CONNECTIVES.has(lower)) return void out.push({ t: "word", s: lower });
  const previous = out.at(-1);
  if (run.length > 1 && (UNITS.has(lower) || (previous?.t === "num" && run.length >= 2 && UNITS.has(lower.replace(/s$/, ""))))) {
    return void out.push({ t: "word", s: lower });
  }
  if (run.length >= 4) {
    const fn = [...FUNCTIONS].find((f) => f.length >= 3 && lower.startsWith(f) && lower.length - f.length <= 2);
    if (fn) {
      out.push({ t: "fn", s: fn });
      for (const letter of run.slice(fn.length)) out.push({ t: "id", s: letter });
      return;
    }
    return void out.push({ t: "word", s: run });
  }
  for (const letter of run) out.push({ t: "id", s: letter });
}
