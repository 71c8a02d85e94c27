/**
 * String-level rewrites before tokenizing: spellings that mean the same thing become one spelling
 * (`\dfrac` → `\frac`, `\left(` → `(`, unicode → LaTeX, LaTeX spacing → space). Order matters: unicode first.
 */

const UNICODE: Record<string, string> = {
  "√": "\\sqrt ", "∛": "\\sqrt[3] ", "π": "\\pi ", "≤": "\\le ", "⩽": "\\le ", "≥": "\\ge ", "⩾": "\\ge ", "≠": "\\ne ",
  "∞": "\\infty ", "·": "\\cdot ", "⋅": "\\cdot ", "×": "\\times ", "÷": "/", "−": "-", "–": "-", "—": "-", "±": "\\pm ",
  "∓": "\\mp ", "°": "^\\circ ", "∪": "\\cup ", "∩": "\\cap ", "∅": "\\emptyset ", "²": "^2", "³": "^3", "¹": "^1",
  "⁴": "^4", "½": "(1/2)", "¼": "(1/4)", "¾": "(3/4)", "θ": "\\theta ", "α": "\\alpha ", "β": "\\beta ", "∈": "\\in ",
  "⁻¹": "^{-1}", "ℝ": "\\mathbb{R}", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "，": ",", "：": ":", "（": "(", "）": ")",
};
const UNICODE_RE = new RegExp(Object.keys(UNICODE).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");

const REWRITES: Array<[RegExp, string]> = [
  [/\\mathbb\s*\{?\s*R\s*\}?|ℝ|\\text\{\s*all real numbers\s*\}|^all real numbers$/g, "(-\\infty,\\infty)"],
  // `f(x) = ...`: the name of a function, one unknown like `y`
  [/^\s*([a-zA-Z])\s*\(\s*([a-z](?:\s*,\s*[a-z])*)\s*\)\s*=/, "$1_{f}="],
  [/^\s*(?:=|\\approx)\s*/, ""],
  [/\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)\s*(\\?[()[\]{}|.]|\\[lr]?[vV]ert|\\[lr]angle)/g, "$1"],
  [/\\[lr]?vert/g, "|"],
  [/\\[lr]Vert/g, "‖"],
  [/\\lfloor/g, " floor("],
  [/\\rfloor/g, ")"],
  [/\\lceil/g, " ceil("],
  [/\\rceil/g, ")"],
  [/\\langle/g, "("],
  [/\\rangle/g, ")"],
  // `3,\!250`, `11,\! 111`: a comma with a negative thin space between digit groups is a thousands separator
  [/(?<=\d),(?:\s|\\[,!])*\\!\s*(?=\d{3}(?!\d))/g, ""],
  // `28 pct`, `28 percent`, `28\text{ percent}`: a percent sign spelled out
  [/(?<=\d)\s*(?:\\text\s*\{\s*(?:percent|pct)\.?\s*\}|(?:percent|pct)\b\.?)/g, "%"],
  [/\\(?:[dtc]frac)/g, "\\frac"],
  [/\\(?:[dt]binom)/g, "\\binom"],
  [/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits)/g, " "],
  [/(?<!\\)\\(?:[,;:! >]|quad|qquad|enspace|thinspace|medspace|thickspace|hspace\{[^}]*\})/g, " "],
  [/~/g, " "],
  [/\{,\}/g, ""], // 1{,}000 is a thousands separator
  [/\\%/g, "%"],
  [/\\\$/g, ""], // a currency sign is not part of the value
  [/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree|\^\s*\{\s*o\s*\}/g, "°"],
  [/\\(?:le|leq|leqslant|leqq)(?![a-zA-Z])/g, "≤"],
  [/\\(?:ge|geq|geqslant|geqq)(?![a-zA-Z])/g, "≥"],
  [/\\lt(?![a-zA-Z])/g, "<"],
  [/\\gt(?![a-zA-Z])/g, ">"],
  [/\\(?:ne|neq)(?![a-zA-Z])/g, "≠"],
  [/<=/g, "≤"],
  [/>=/g, "≥"],
  [/!=/g, "≠"],
  [/\+\s*-/g, "+-"],
  [/\\(?:emptyset|varnothing)/g, "∅"],
  [/\\\{/g, "⦃"], // set braces differ from grouping braces
  [/\\\}/g, "⦄"],
  [/\\(?:mathrm|mathbf|mathit|mathsf|mathtt|textbf|textit|textrm|textsf|texttt|textnormal|boldsymbol|bm|mathbb|mathcal)(?![a-zA-Z])/g, "\\text"],
  [/\\(?:mbox|hbox)(?![a-zA-Z])/g, "\\text"],
  [/\\operatorname\*?/g, "\\text"],
  [/\\(?:dots|ldots|cdots)/g, "…"],
  [/\\(?:to|rightarrow|Rightarrow|implies|longrightarrow)(?![a-zA-Z])/g, "→"],
  [/\\(?:land|wedge)(?![a-zA-Z])/g, " and "],
  [/\\(?:lor|vee)(?![a-zA-Z])/g, " or "],
];

export function normalizeLatex(input: string): string {
  let s = input.replace(UNICODE_RE, (m) => UNICODE[m] ?? m);
  s = s.replace(/(\d*)\.(\d*)\\(?:overline|bar)\s*\{(\d{1,12})\}/g, (_, whole: string, fixed: string, repeating: string) => repeatingDecimal(whole, fixed, repeating));
  for (const [pattern, replacement] of REWRITES) s = s.replace(pattern, replacement);
  return s.trim();
}

/** `0.1\overline{6}` = 1/6 as an exact fraction: (0166… − 01) / (90). */
function repeatingDecimal(whole: string, fixed: string, repeating: string): string {
  const numerator = BigInt(`${whole}${fixed}${repeating}` || "0") - BigInt(`${whole}${fixed}` || "0");
  const denominator = (10n ** BigInt(repeating.length) - 1n) * 10n ** BigInt(fixed.length);
  return `(\\frac{${numerator}}{${denominator}})`;
}

/** A canonical string for the fast path: same string after this means same answer. */
export function squashAnswer(normalized: string): string {
  return normalized
    .replace(/\\text\s*\{\s*([^{}]*?)\s*\}/g, "$1")
    .replace(/\s+/g, "")
    .replace(/^\{([^{}]*)\}$/, "$1");
}
