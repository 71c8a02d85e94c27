import type { MathNode } from "./ast.js";
import { Budget, BudgetExceeded, LimitExceeded, MAX_ANSWER_CHARS } from "./budget.js";
import { answersMatch } from "./compare-answers.js";
import { extractAnswer, extractGold } from "./extract-answer.js";
import { normalizeLatex, squashAnswer } from "./normalize-latex.js";
import { ParseFailure, parseMath } from "./parse-math.js";
import type { MathReason, MathVerdict, VerifyMathOptions } from "./types.js";

/**
 * Judges a response against a gold answer. Synchronous and never throws: bad input gets a verdict with a reason,
 * and the parser and evaluator stop at `timeoutMs` (reason `timeout`, never a silent `wrong_answer`).
 */
export function verifyMath(gold: string, response: string, options: VerifyMathOptions = {}): MathVerdict {
  const { timeoutMs = 2000, relativeTolerance = 0 } = options;
  let goldAnswer: string | null = null;
  let extracted: string | null = null;
  try {
    const budget = Budget.fromNow(timeoutMs);
    // JSON datasets often carry numeric answers (GSM8K): a finite number is its decimal spelling
    const goldText = typeof gold === "number" && Number.isFinite(gold) ? String(gold) : gold;
    const responseText = typeof response === "number" && Number.isFinite(response) ? String(response) : response;
    goldAnswer = typeof goldText === "string" ? extractGold(goldText) : null;
    extracted = typeof responseText === "string" ? extractAnswer(responseText) : null;
    if (goldAnswer === null) return verdict(false, extracted, null, "unparseable_gold");
    if (extracted === null) return verdict(false, null, goldAnswer, "no_answer");
    const outcome = judge(goldAnswer, extracted, budget, relativeTolerance);
    return verdict(outcome === "correct", extracted, goldAnswer, outcome);
  } catch (error) {
    return verdict(false, extracted, goldAnswer, error instanceof BudgetExceeded ? "timeout" : "error");
  }
}

export function verdict(correct: boolean, extracted: string | null, gold: string | null, reason: MathReason): MathVerdict {
  return { correct, score: correct ? 1 : 0, extracted, gold, reason };
}

function judge(goldText: string, predText: string, budget: Budget, tolerance: number): MathReason {
  if (goldText.length > MAX_ANSWER_CHARS || predText.length > MAX_ANSWER_CHARS) {
    return goldText.replace(/\s+/g, "") === predText.replace(/\s+/g, "") ? "correct" : "wrong_answer";
  }
  const g = normalizeLatex(goldText);
  const p = normalizeLatex(predText);
  const gs = squashAnswer(g);
  const ps = squashAnswer(p);
  if (gs === ps) return "correct";
  if (/^[a-zA-Z][a-zA-Z ]+$/.test(gs) && gs.toLowerCase() === ps.toLowerCase()) return "correct";
  const letter = choiceLetter(gs) ?? writtenChoice(g);
  if (letter) return (choiceLetter(ps, true) ?? writtenChoice(p)) === letter ? "correct" : "wrong_answer";
  // a gold that names its option and the option's value, `\text{(E) } 5`: either one answers it
  const option = /^\(([A-J])\)(?=.)/.exec(gs);
  if (option) {
    const predLetter = choiceLetter(ps, true) ?? writtenChoice(p);
    if (predLetter) return predLetter === option[1] ? "correct" : "wrong_answer";
    return judge(g.replace(/^\s*(?:\\text\s*\{\s*)?\(\s*[A-J]\s*\)\s*\}?/, ""), predText, budget, tolerance);
  }
  const goldNode = tryParse(g, budget);
  if (!goldNode) return "unparseable_gold";
  const predNode = tryParse(p, budget);
  if (!predNode) return "wrong_answer";
  return answersMatch(goldNode, predNode, { budget, tolerance }) ? "correct" : "wrong_answer";
}

function tryParse(text: string, budget: Budget): MathNode | null {
  try {
    return parseMath(text, budget);
  } catch (error) {
    if (error instanceof ParseFailure || error instanceof LimitExceeded || error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * A multiple-choice answer: `B`, `(B)`, `\text{(B)}`. A prediction may add the option's text: `(B) 42`, `B. 42`.
 */
function choiceLetter(squashed: string, prediction = false): string | null {
  const bare = /^\(?([A-J])\)?$/.exec(squashed);
  if (bare) return bare[1];
  if (!prediction) return null;
  const lower = /^\(?([a-j])\)?$/.exec(squashed); // the gold is an option: `a` names it too
  if (lower) return lower[1].toUpperCase();
  const labelled = /^\(?([A-J])[).:](?![\d])/.exec(squashed) ?? /^\(([A-J])\)/.exec(squashed);
  return labelled ? labelled[1] : null;
}

/** A letter marked as an option whatever its case: `(a)`, `{a}`, `\text{a}`, `\textbf{(b)}` (upper-cased). */
function writtenChoice(normalized: string): string | null {
  const match = /^\s*(?:\(\s*([a-jA-J])\s*\)|\{\s*([a-jA-J])\s*\}|\\text\s*\{\s*\(?\s*([a-jA-J])\s*\)?\s*\})\s*$/.exec(normalized);
  const letter = match?.[1] ?? match?.[2] ?? match?.[3];
  return letter ? letter.toUpperCase() : null;
}
