/**
 * Answers stated in prose: a labelled final-answer line (`Answer: 18`, `**Answer:** 18`, `A: 18`, GSM8K's
 * `#### 18`, Minerva's `Final Answer: The final answer is $18$. I hope it is correct.`), and the last sentence
 * of a response (`Therefore, g(4) = -9.`, `The store should charge 20 for the book.`).
 */

/** "the answer is", "Final Answer:", "**Answer:**", "answer =" anywhere in a line. */
const ANSWER_PHRASE = /(?:final answer|the answer|answer)\s*\**\s*(?:is|:|=)\s*\**\s*:?\s*([^\n]+)/gi;
/** A line that starts with a short label: `A: 18` (question-answer format), `Ans: 18`. */
const LINE_LABEL = /^[ \t>*_]*(?:A|Ans)\s*\**\s*:\s*\**\s*([^\n]+)/gm;
/** GSM8K's final line: `#### 18` (math after the hashes; `#### Step 3` is a markdown heading). */
const HASH_LABEL = /^[ \t]*#{4}[ \t]*([-+$\\(\d][^\n#]*)$/gm;

/** The text after the last final-answer label, cut at the end of its sentence; null when there is no label. */
export function labelledAnswer(tail: string): string | null {
  let best: { at: number; text: string } | null = null;
  for (const pattern of [ANSWER_PHRASE, LINE_LABEL, HASH_LABEL]) {
    for (const match of tail.matchAll(pattern)) {
      const at = match.index ?? 0;
      // a markdown heading, or `A: Janet sells 16 eggs...` (the answer line holds the reasoning): not an answer
      if (pattern !== ANSWER_PHRASE && proseWords(firstSentence(match[1]).replace(/\$[^$]*\$/g, " ")) > 3) continue;
      if (!best || at >= best.at) best = { at, text: match[1] };
    }
  }
  return best === null ? null : firstSentence(best.text);
}

/** Cuts `18. I hope it is correct.` after `18`: a period, space and capital end a sentence outside math. */
export function firstSentence(text: string): string {
  let inMath = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "$" && text[i - 1] !== "\\") inMath = !inMath;
    else if (!inMath && (c === "." || c === "!" || c === "?") && /^\s+[A-Z]/.test(text.slice(i + 1, i + 4))) return text.slice(0, i);
  }
  return text;
}

/**
 * The answer in the response's last sentence: the right side of its last `=` (`So x = 3.` → `3`), else its
 * last number (`charge 20 for the book` → `20`), else an option letter (`The correct option is (B).`).
 */
export function lastSentenceAnswer(tail: string): string | null {
  const line = tail.split("\n").map((l) => l.trim()).filter((l) => l && !/^(?:```|~~~)/.test(l)).at(-1);
  if (!line || line.length > 1000) return null;
  const sentences = line.split(/(?<=[.!?])\s+(?=[A-Z(\\$])/);
  const sentence = [...sentences].reverse().find((s) => /\d|=|\([A-J]\)/.test(s));
  if (!sentence) return null;
  const option = /\(([A-J])\)[^()]*$/.exec(sentence); // `The correct option is (B).`
  if (option && !/\d/.test(sentence)) return `(${option[1]})`;
  const body = sentence.replace(/[.!?]+$/, "").replace(/\{,\}|,\\!/g, ",");
  const equals = body.lastIndexOf("=");
  if (equals >= 0) {
    const rhs = body.slice(equals + 1).trim();
    if (rhs && proseWords(rhs) <= 1) return rhs;
  }
  const numbers = body.match(/-?\d[\d,]*(?:\.\d+)?(?:\s*\/\s*\d+)?%?/g);
  return numbers ? numbers.at(-1)!.replace(/,$/, "") : null;
}

/** Plain words of two or more letters, LaTeX commands and environment names aside. */
export function proseWords(text: string): number {
  return (text.replace(/\\(?:begin|end)\s*\{[^{}]*\}(?:\s*\{[^{}]*\})?|\\[a-zA-Z]+/g, "").match(/[a-zA-Z]{2,}/g) ?? []).length;
}
