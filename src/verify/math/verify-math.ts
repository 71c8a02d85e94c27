import { extractAnswer, extractGold } from "./extract-answer.js";
import type { MathVerdict, VerifyMathOptions } from "./types.js";

/** Judges a response against a gold answer. Synchronous, never throws, bounded by `options.timeoutMs`. */
export function verifyMath(gold: string, response: string, options: VerifyMathOptions = {}): MathVerdict {
  const goldAnswer = typeof gold === "string" ? extractGold(gold) : null;
  const extracted = typeof response === "string" ? extractAnswer(response) : null;
  if (goldAnswer === null) return verdict(false, extracted, null, "unparseable_gold");
  if (extracted === null) return verdict(false, null, goldAnswer, "no_answer");
  const same = squash(goldAnswer) === squash(extracted) || numericEqual(goldAnswer, extracted, options.relativeTolerance ?? 1e-6);
  return verdict(same, extracted, goldAnswer, same ? "correct" : "wrong_answer");
}

function squash(s: string): string {
  return s.replace(/\\[dt]frac/g, "\\frac").replace(/\\left|\\right|\s+/g, "");
}

function numericEqual(a: string, b: string, tolerance: number): boolean {
  const x = Number(a), y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y));
}

export function verdict(correct: boolean, extracted: string | null, gold: string | null, reason: MathVerdict["reason"]): MathVerdict {
  return { correct, score: correct ? 1 : 0, extracted, gold, reason };
}
