/**
 * Finds the answer a response commits to, after the reasoning (`<think>` aware): a JSON answer field, the last
 * `\boxed{}` (with the boxes right before it), a labelled final-answer line, a bold `**...**` on the last lines,
 * the last math span, a bare short final line, and the last sentence. Money signs are dropped first, so
 * `$2 each ... $18` is not read as one math span.
 */
import { finalBoxes } from "./boxes.js";
import { dropCurrencySigns } from "./currency.js";
import { labelledAnswer, lastSentenceAnswer, proseWords } from "./prose-answer.js";
import { jsonAnswer } from "./structured-answer.js";
import { FUNCTIONS } from "./tokenize.js";

export { balancedGroup, lastBoxed } from "./boxes.js";

/** Fallback phrases only look at the end of a response: the answer is stated last, and this keeps megabyte inputs linear. */
const TAIL_CHARS = 4000;
/** A bare final line longer than this is prose, not an answer. */
const BARE_LINE_MAX = 80;
const MATH_WORDS = new Set([...FUNCTIONS, "pi", "infty", "infinity", "or", "and"]);

export function extractAnswer(response: string): string | null {
  if (typeof response !== "string") return null;
  const text = afterReasoning(response);
  if (text === null) return null;
  const structured = jsonAnswer(text.length > TAIL_CHARS * 4 ? text.slice(-TAIL_CHARS * 4) : text);
  if (structured !== null) {
    // the field is the answer itself (`AB = 3, CD = 11`), unless it is a sentence or holds a box
    const sentence = /\\(?:boxed|fbox)/.test(structured) || leadingProse(structured) || /[.!?]\s+[A-Z]/.test(structured);
    return (sentence ? answerIn(structured) : null) ?? (cleanAnswer(structured) || null);
  }
  return answerIn(text);
}

/** The answer in a text with no JSON answer field. */
function answerIn(text: string): string | null {
  const boxed = finalBoxes(text);
  if (boxed !== null) return cleanAnswer(boxed) || null; // an empty box is no answer
  if (/\\(?:boxed|fbox)/.test(text)) return null; // a box that never closes: the response was cut off
  const tail = dropCurrencySigns(text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text);
  for (const find of [labelledAnswer, lastBold, lastMathSpan, bareFinalLine, lastSentenceAnswer]) {
    const found = find(tail);
    if (found !== null) {
      const cleaned = cleanAnswer(found);
      if (cleaned) return cleaned;
    }
  }
  return null;
}

/** The gold answer: the last `\boxed{}` (and the boxes just before it) or the `####` line of a reference solution, else the whole string. */
export function extractGold(gold: string): string | null {
  if (typeof gold !== "string") return null;
  // a GSM8K reference solution ends in `#### 18`
  const boxed = finalBoxes(gold) ?? /\n#### *([^\n]+)\s*$/.exec(gold)?.[1] ?? null;
  const answer = cleanAnswer(boxed ?? gold);
  return answer ? answer : null;
}

/** The text after the reasoning; null when the response stops inside an unfinished `<think>` block. */
function afterReasoning(response: string): string | null {
  const close = response.lastIndexOf("</think>");
  if (close >= 0) return response.slice(close + "</think>".length);
  if (response.includes("<think>")) return null;
  return response;
}

function lastBold(tail: string): string | null {
  const lines = tail.trimEnd().split("\n").slice(-3).join("\n");
  let last: string | null = null;
  for (const match of lines.matchAll(/\*\*([^*\n]{1,200})\*\*/g)) last = match[1];
  // `**Step 3:**`, `**Final Answer**`: a bold label, not the answer
  return last !== null && (/:\s*$/.test(last) || /^\s*(?:final\s+)?(?:answer|solution|result)\s*$/i.test(last)) ? null : last;
}

/** Only the final paragraph: a math span earlier in the reasoning is a step, not the answer. */
function lastMathSpan(tail: string): string | null {
  const paragraph = tail.trimEnd().split(/\n\s*\n/).at(-1) ?? "";
  const patterns = [/\$\$([^$]+)\$\$/g, /\\\[([\s\S]+?)\\\]/g, /\\\(([\s\S]+?)\\\)/g, /(?<!\\)\$([^$\n]+)(?<!\\)\$/g];
  let best: { at: number; value: string } | null = null;
  const inline: Array<{ start: number; end: number; value: string }> = [];
  for (const pattern of patterns) {
    for (const match of paragraph.matchAll(pattern)) {
      const start = match.index ?? 0;
      const at = start + match[0].length;
      if (pattern.source.startsWith("(?<!")) inline.push({ start, end: at, value: match[1] });
      if (!best || at > best.at) best = { at, value: match[1] };
    }
  }
  // `$x = 1$ and $x = 2$`: inline spans joined only by connectives are one answer, as boxes are
  const last = inline.at(-1);
  if (best && last && last.end === best.at) {
    const parts = [last.value];
    for (let i = inline.length - 2; i >= 0 && /^\s*(?:,|;|,?\s*(?:and|or))\s*$/.test(paragraph.slice(inline[i].end, inline[i + 1].start)); i--) parts.unshift(inline[i].value);
    if (parts.length > 1) best = { at: best.at, value: parts.join(", ") };
  }
  // `the value of $k$ is 3.`: a span without digits followed by a number names the unknown, not the answer;
  // `... $x = 2$. The number of solutions is 2.`: a later sentence with a number states the answer
  const rest = best ? paragraph.slice(best.at) : "";
  if (best && /\d/.test(rest) && (!/\d/.test(best.value) || /[.!?]\s+\S/.test(rest))) return null;
  return best?.value ?? null;
}

function bareFinalLine(tail: string): string | null {
  const lines = tail.split("\n").map((l) => l.trim()).filter((l) => l && !/^(?:```|~~~)/.test(l));
  const last = lines.at(-1);
  if (last === undefined || last.length > BARE_LINE_MAX) return null;
  // the whole response is a short phrase: a bare answer such as "No solution"
  if (lines.length === 1 && last.length <= 40 && (last.match(/[a-zA-Z]+/g) ?? []).length <= 3 && !/[=\d]/.test(last)) return last;
  // Prose has several plain words; an answer has numbers or symbols with at most a unit or an "or",
  // or is a single word ("Tuesday").
  const words = proseWords(last);
  const mathy = /[0-9\\=+^_()]/.test(last) || /^[a-zA-Z]$/.test(last);
  // words before the math (`She makes 18`, `So x = 3`) make a sentence: the last-sentence reader takes it
  const mathStart = last.search(/[0-9\\=+^_()$-]/);
  if (mathStart > 0 && leadingProse(last.slice(0, mathStart))) return null;
  // `9 eggs × 2 = 18`: a worked line; the last-sentence reader takes its right side
  if (last.includes("=") && hasProse(last.replace(/\\[a-zA-Z]+/g, " "))) return null;
  return words <= (mathy ? 2 : 1) ? last : null;
}

/** A plain word anywhere (`eggs`), not a math name or connective (`or`, `sin`). */
function hasProse(text: string): boolean {
  for (const [word] of text.matchAll(/[a-zA-Z]*[a-z][a-zA-Z]*/g)) if (word.length >= 2 && !MATH_WORDS.has(word.toLowerCase())) return true;
  return false;
}

/** A plain word followed by a space or comma (`So `, `Therefore, `): not a math name (`pi r^2`) nor a segment (`AB `). */
function leadingProse(text: string): boolean {
  for (const [, word] of text.matchAll(/\b([a-zA-Z]*[a-z][a-zA-Z]*)[\s,:]/g)) {
    if (word.length >= 2 && !MATH_WORDS.has(word.toLowerCase())) return true;
  }
  return false;
}

/** Strips the wrapping a model puts around an answer: `$`, `\(`, markdown emphasis, quotes, a final period. */
export function cleanAnswer(raw: string): string {
  let s = raw.trim();
  // a few layers of wrapping at most: `$$$$...$$$$` must not cost a pass per pair of signs
  for (let changed = true, layers = 0; changed && layers < 16; layers++) {
    const before = s;
    s = s.replace(/^\*\*([\s\S]*)\*\*$/, "$1").replace(/^\*([^*][\s\S]*)\*$/, "$1").replace(/^\*\*\s*/, "").replace(/\s*\*\*$/, "").trim();
    s = s.replace(/^"([^"]*)"$/, "$1").replace(/^'([^']*)'$/, "$1").replace(/^`([^`]*)`$/, "$1").trim();
    s = s.replace(/^\$\$([\s\S]*)\$\$$/, "$1").replace(/^\$([\s\S]*)\$$/, "$1").trim();
    s = s.replace(/^\\\(([\s\S]*)\\\)$/, "$1").replace(/^\\\[([\s\S]*)\\\]$/, "$1").trim();
    s = s.replace(/^\\(?:displaystyle|textstyle)\b/, "").trim();
    s = s.replace(/[.;]+$/, "").trim();
    changed = s !== before;
  }
  s = s.replace(/^\$(?=\s?\d[\d,]*(?:\.\d+)?$)/, ""); // `$18`: money, not an unclosed math span
  // "is $5$ meters." → the first math span when the phrase carried text around it
  const span = /^[^$]*\$([^$]+)\$[^$]*$/.exec(s);
  if (span && /[a-zA-Z]{3,}/.test(s.replace(/\$[^$]*\$/, ""))) s = span[1].trim();
  return s;
}
