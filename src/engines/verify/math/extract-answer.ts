/**
 * Finds the answer a response commits to: after the reasoning (`<think>` aware), the last `\boxed{}`/`\fbox{}`,
 * then "final answer is ...", a bold `**...**` on the last lines, the last `$...$`, and a bare short final line.
 */

/** Fallback phrases only look at the end of a response: the answer is stated last, and this keeps megabyte inputs linear. */
const TAIL_CHARS = 4000;
/** A bare final line longer than this is prose, not an answer. */
const BARE_LINE_MAX = 80;

export function extractAnswer(response: string): string | null {
  if (typeof response !== "string") return null;
  const text = afterReasoning(response);
  if (text === null) return null;
  const boxed = lastBoxed(text);
  if (boxed !== null) return cleanAnswer(boxed) || null; // an empty box is no answer
  if (/\\(?:boxed|fbox)/.test(text)) return null; // a box that never closes: the response was cut off
  const tail = text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text;
  for (const find of [answerPhrase, lastBold, lastMathSpan, bareFinalLine]) {
    const found = find(tail);
    if (found !== null) {
      const cleaned = cleanAnswer(found);
      if (cleaned) return cleaned;
    }
  }
  return null;
}

/** The gold answer: the last `\boxed{}` of a reference solution, else the whole (trimmed, de-dollared) string. */
export function extractGold(gold: string): string | null {
  if (typeof gold !== "string") return null;
  const boxed = lastBoxed(gold);
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

/** Content of the last complete `\boxed{...}` / `\fbox{...}` / `\boxed 5`, or null. */
export function lastBoxed(text: string): string | null {
  let end = text.length;
  for (;;) {
    const at = Math.max(text.lastIndexOf("\\boxed", end), text.lastIndexOf("\\fbox", end));
    if (at < 0) return null;
    const name = text.startsWith("\\boxed", at) ? "\\boxed" : "\\fbox";
    const content = boxedContent(text, at + name.length);
    if (content !== null) return content;
    end = at - 1; // truncated or malformed box: try the one before
    if (end < 0) return null;
  }
}

function boxedContent(text: string, from: number): string | null {
  let i = from;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  if (text[i] === "{") return balancedGroup(text, i);
  if (i === from) return null; // `\boxedx` is another command
  const match = /^[^\s$]+/.exec(text.slice(i, i + 200));
  return match ? match[0] : null;
}

/** The content of the brace group opening at `open`, or null when it never closes. */
export function balancedGroup(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++; // an escaped brace does not count
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

const ANSWER_PHRASE = /(?:final answer|the answer|answer)\s*(?:is|:|=)\s*:?\s*([^\n]+)/gi;

function answerPhrase(tail: string): string | null {
  let last: string | null = null;
  for (const match of tail.matchAll(ANSWER_PHRASE)) last = match[1];
  return last;
}

function lastBold(tail: string): string | null {
  const lines = tail.trimEnd().split("\n").slice(-3).join("\n");
  let last: string | null = null;
  for (const match of lines.matchAll(/\*\*([^*\n]{1,200})\*\*/g)) last = match[1];
  return last;
}

/** Only the final paragraph: a math span earlier in the reasoning is a step, not the answer. */
function lastMathSpan(tail: string): string | null {
  const paragraph = tail.trimEnd().split(/\n\s*\n/).at(-1) ?? "";
  const patterns = [/\$\$([^$]+)\$\$/g, /\\\[([\s\S]+?)\\\]/g, /\\\(([\s\S]+?)\\\)/g, /\$([^$\n]+)\$/g];
  let best: { at: number; value: string } | null = null;
  for (const pattern of patterns) {
    for (const match of paragraph.matchAll(pattern)) {
      const at = (match.index ?? 0) + match[0].length;
      if (!best || at > best.at) best = { at, value: match[1] };
    }
  }
  return best?.value ?? null;
}

function bareFinalLine(tail: string): string | null {
  const lines = tail.split("\n").map((l) => l.trim()).filter(Boolean);
  const last = lines.at(-1);
  if (last === undefined || last.length > BARE_LINE_MAX) return null;
  // the whole response is a short phrase: a bare answer such as "No solution"
  if (lines.length === 1 && last.length <= 40 && (last.match(/[a-zA-Z]+/g) ?? []).length <= 3) return last;
  // Prose has several plain words; an answer has numbers or symbols with at most a unit or an "or",
  // or is a single word ("Tuesday").
  const words = last.replace(/\\[a-zA-Z]+/g, "").match(/[a-zA-Z]{2,}/g) ?? [];
  const mathy = /[0-9\\=+^_()]/.test(last) || /^[a-zA-Z]$/.test(last);
  return words.length <= (mathy ? 2 : 1) ? last : null;
}

/** Strips the wrapping a model puts around an answer: `$`, `\(`, markdown emphasis, a final period. */
export function cleanAnswer(raw: string): string {
  let s = raw.trim();
  for (let changed = true; changed; ) {
    const before = s;
    s = s.replace(/^\*\*([\s\S]*)\*\*$/, "$1").replace(/^\*([^*][\s\S]*)\*$/, "$1").trim();
    s = s.replace(/^\$\$([\s\S]*)\$\$$/, "$1").replace(/^\$([\s\S]*)\$$/, "$1").trim();
    s = s.replace(/^\\\(([\s\S]*)\\\)$/, "$1").replace(/^\\\[([\s\S]*)\\\]$/, "$1").trim();
    s = s.replace(/^\\(?:displaystyle|textstyle)\b/, "").trim();
    s = s.replace(/[.;]+$/, "").trim();
    changed = s !== before;
  }
  // "is $5$ meters." → the first math span when the phrase carried text around it
  const span = /^[^$]*\$([^$]+)\$[^$]*$/.exec(s);
  if (span && /[a-zA-Z]{3,}/.test(s.replace(/\$[^$]*\$/, ""))) s = span[1].trim();
  return s;
}
