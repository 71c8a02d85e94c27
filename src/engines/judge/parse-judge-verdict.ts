import type { JudgeOpinion } from "../../../schemas/judge-verdicts.js";

/** A label before the verdict word that a judge may write on its last line ("Verdict: CORRECT"). */
const LABEL = /^(?:final\s+)?(?:verdict|answer|decision|judgement|judgment)\s*:\s*/i;

/**
 * Reads a judge's answer strictly: after any `<think>` block, its last non-empty line must be exactly one
 * of the two verdict words (case-insensitive; `**bold**`, `\boxed{}`, a "Verdict:" label and a final period
 * allowed). Anything else (hedging, both words, a sentence) is "no_opinion", never a pass.
 */
export function parseJudgeVerdict(text: string, words: { correct: string; incorrect: string }): JudgeOpinion {
  const afterThinking = text.includes("</think>") ? text.slice(text.lastIndexOf("</think>") + "</think>".length) : text;
  const lines = afterThinking.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return "no_opinion";
  let last = lines[lines.length - 1];
  for (let changed = true; changed; ) {
    const before = last;
    last = last.replace(LABEL, "").replace(/^\*\*(.*)\*\*$/, "$1").replace(/^\\boxed\{(.*)\}$/, "$1").replace(/^\$+(.*?)\$+$/, "$1").replace(/\.$/, "").trim();
    changed = last !== before;
  }
  const word = last.toLowerCase();
  if (word === words.correct.toLowerCase()) return "correct";
  if (word === words.incorrect.toLowerCase()) return "incorrect";
  return "no_opinion";
}
