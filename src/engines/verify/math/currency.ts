/**
 * Dollar signs that are money, not math delimiters: `at $2 each, so she makes $18.` A `$` before a number
 * opens a math span only when a span is plausible: it closes on the same line, the closing `$` is not itself
 * the sign of the next amount (`$2 and $3`), the span does not end in a space, and it holds no prose.
 * Money signs are dropped (the value is the number); math spans and `\$` are kept as they are.
 */

/** Two plain words in a row, outside `\text{}`: prose, which a math span does not hold. */
const PROSE = /(?:^|[\s,])[a-zA-Z]{2,}[\s,]+[a-zA-Z]{2,}(?=[\s,.]|$)/;

export function dropCurrencySigns(text: string): string {
  if (!/\$\s?\d/.test(text)) return text; // the common path: no amount of money
  let out = "";
  let i = 0;
  while (i < text.length) {
    const at = nextDollar(text, i);
    if (at < 0) break;
    if (text[at + 1] === "$") {
      // display math `$$...$$`: copy it whole
      const close = text.indexOf("$$", at + 2);
      const end = close < 0 ? text.length : close + 2;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const close = nextDollar(text, at + 1);
    const span = close < 0 ? null : text.slice(at + 1, close);
    if (/^\s?\d/.test(text.slice(at + 1, at + 3)) && isMoney(span, text[close + 1])) {
      out += text.slice(i, at); // drop the sign, keep the amount
      i = at + 1;
      continue;
    }
    const end = close < 0 ? text.length : close + 1;
    out += text.slice(i, end);
    i = end;
  }
  return out + text.slice(i);
}

function isMoney(span: string | null, afterClose: string | undefined): boolean {
  if (span === null || span.includes("\n")) return true;
  if (afterClose !== undefined && /\d/.test(afterClose)) return true; // `$2 and $3`: the second `$` opens an amount
  if (/\s$/.test(span)) return true;
  return PROSE.test(span.replace(/\\[a-zA-Z]+\s*\{[^{}]*\}/g, " "));
}

/** The next `$` at or after `from` that is not escaped (`\$` is a dollar written in LaTeX). */
function nextDollar(text: string, from: number): number {
  for (let at = text.indexOf("$", from); at >= 0; at = text.indexOf("$", at + 1)) {
    if (text[at - 1] !== "\\") return at;
  }
  return -1;
}
