import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import hljs from "highlight.js/lib/core";
import cpp from "highlight.js/lib/languages/cpp";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import python from "highlight.js/lib/languages/python";
import katex from "katex";
import { html, raw, type SafeHtml } from "./html.js";

hljs.registerLanguage("python", python);
hljs.registerLanguage("cpp", cpp);
hljs.registerLanguage("java", java);
hljs.registerLanguage("javascript", javascript);

/** KaTeX fonts worth inlining (about 150 kB as base64): most formulas use only these. The rest fall back to serif. */
const KEPT_FONTS = ["KaTeX_Main-Regular", "KaTeX_Main-Bold", "KaTeX_Main-Italic", "KaTeX_Math-Italic", "KaTeX_AMS-Regular", "KaTeX_Size1-Regular", "KaTeX_Size2-Regular", "KaTeX_Size3-Regular", "KaTeX_Size4-Regular"];

let katexCss: string | undefined;

/**
 * KaTeX's stylesheet for a page that fetches nothing: the kept fonts inlined as data: URLs, every other
 * @font-face dropped (its glyphs then come from the browser's serif font).
 */
export function katexStyles(): string {
  if (katexCss !== undefined) return katexCss;
  const dist = dirname(createRequire(import.meta.url).resolve("katex/dist/katex.min.css"));
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  katexCss = css.replace(/@font-face\{[^}]*\}/g, (rule) => {
    const font = /url\(fonts\/(KaTeX_[A-Za-z0-9_-]+)\.woff2\)/.exec(rule)?.[1];
    if (!font || !KEPT_FONTS.includes(font)) return "";
    const data = readFileSync(join(dist, "fonts", `${font}.woff2`)).toString("base64");
    return rule.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${data}) format("woff2")`);
  });
  return katexCss;
}

/** Highlighting colours (classes highlight.js emits), small enough to inline. */
export const CODE_STYLES = `
.hljs-keyword,.hljs-built_in,.hljs-type{color:#8a2be2}.hljs-string,.hljs-regexp{color:#0a7a3e}.hljs-number,.hljs-literal{color:#b35900}
.hljs-comment{color:#6a737d;font-style:italic}.hljs-title,.hljs-title.function_,.hljs-title.class_{color:#005cc5}.hljs-params{color:#24292e}.hljs-meta{color:#6a737d}
`;

/** A formula rendered by KaTeX (no \href or \includegraphics: `trust` is off, and bad input shows as red source text). */
function renderFormula(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: false, output: "html", trust: false, strict: "ignore", maxExpand: 500, maxSize: 20 });
  } catch {
    return html`<code>${tex}</code>`.value;
  }
}

/**
 * Math delimiters: $$…$$, \[…\], \(…\), and $…$ where the opening $ is not followed by a space and the
 * closing one not preceded by a space nor followed by a digit (so "$5 and $10" stays text).
 */
const MATH = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<![\\$])\$(?!\s)((?:\\\$|[^$\n])+?)(?<!\s)\$(?!\d)/g;

/** Text with its LaTeX formulas typeset; everything outside them is escaped. */
export function renderMathText(text: string): SafeHtml {
  let out = "";
  let at = 0;
  for (const m of text.matchAll(MATH)) {
    out += html`${text.slice(at, m.index)}`.value;
    const display = m[1] ?? m[2];
    out += display !== undefined ? renderFormula(display, true) : renderFormula((m[3] ?? m[4])!, false);
    at = m.index! + m[0].length;
  }
  return raw(out + html`${text.slice(at)}`.value);
}

/** An answer holds LaTeX worth typesetting (a plain number or word reads the same as text). */
export const looksLikeTex = (answer: string): boolean => /[\\^_{}]/.test(answer);

/** A final answer as a formula (answers are LaTeX without delimiters); plain numbers and words stay text. */
export function renderAnswer(answer: string): SafeHtml {
  return looksLikeTex(answer) ? raw(renderFormula(answer, false)) : html`${answer}`;
}

/** Code with its line breaks, highlighted as the likeliest of the languages code problems use. */
export function renderCode(code: string): SafeHtml {
  const highlighted = hljs.highlightAuto(code, ["python", "cpp", "java", "javascript"]);
  return raw(`<pre class="code"><code class="hljs">${highlighted.value}</code></pre>`);
}
