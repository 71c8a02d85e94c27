import { brokenProgram, correctProgram, DEFAULT_BROKEN_WEIGHTS } from "./code-variants.js";
import { correctSpellings, wrongSpelling } from "./math-spellings.js";
import type { SimProblem } from "./sim-problems.js";
import { SimRandom } from "./sim-random.js";
import { reasoningText } from "./reasoning-text.js";

/** A simulated model. */
export interface SimModel {
  /** Served name. */
  name: string;
  /** Skill on the difficulty scale 1..10: skill = difficulty solves about half the time. */
  skill: number;
  /** Mean completion length in tokens. @default 1200 */
  meanTokens?: number;
  /** Largest max_tokens accepted (the context length); more is a 400, as vLLM answers. @default unbounded */
  maxModelLen?: number;
}

export interface SimChoice {
  text: string;
  tokens: number;
  finish_reason: "stop" | "length";
  /** Whether the simulator meant this answer to be right (for tests and calibration). */
  intended: boolean;
}

/** Characters per token of the simulated tokenizer. */
export const CHARS_PER_TOKEN = 4;

/** Probability that `skill` solves a problem of `difficulty`: a logistic curve. */
export function solveProbability(skill: number, difficulty: number): number {
  return 1 / (1 + Math.exp(-1.2 * (skill - difficulty)));
}

/**
 * Choice `j` of a request with `seed`: a pure function of (model, problem, seed, j, max_tokens), so a
 * retried request (after an injected fault) gets exactly the same text.
 */
export function simChoice(model: SimModel, problem: SimProblem, seed: number, j: number, maxTokens: number): SimChoice {
  const rng = new SimRandom(`${model.name}\u0000${problem.id}\u0000${seed}\u0000${j}`);
  const intended = rng.next() < solveProbability(model.skill, problem.difficulty);
  const mean = (model.meanTokens ?? 1200) * (0.6 + 0.08 * problem.difficulty) * (intended ? 0.9 : 1.3);
  const tokens = Math.max(40, Math.round(mean * Math.exp(0.45 * rng.normal() - 0.1)));
  const reasoningChars = tokens * CHARS_PER_TOKEN;
  const ending = problem.domain === "math" ? mathEnding(problem, intended, rng) : codeEnding(problem, intended, rng);
  if (tokens + Math.ceil(ending.length / CHARS_PER_TOKEN) > maxTokens) {
    const text = reasoningText(rng, problem.domain, maxTokens * CHARS_PER_TOKEN);
    return { text, tokens: maxTokens, finish_reason: "length", intended: false };
  }
  const text = `${reasoningText(rng, problem.domain, reasoningChars)}\n</think>\n\n${ending}`;
  return { text, tokens: Math.ceil(text.length / CHARS_PER_TOKEN), finish_reason: "stop", intended };
}

function mathEnding(problem: SimProblem, intended: boolean, rng: SimRandom): string {
  const gold = problem.answer ?? "0";
  const answer = intended ? rng.pick(correctSpellings(gold)) : wrongSpelling(gold, rng);
  const style = rng.weighted({ display: 0.8, inline: 0.14, unboxed: 0.06 });
  if (style === "display") return `**Final Answer**\n\\[\n\\boxed{${answer}}\n\\]`;
  if (style === "inline") return `Therefore, the answer is $\\boxed{${answer}}$.`;
  return `The final answer is ${answer}.`;
}

function codeEnding(problem: SimProblem, intended: boolean, rng: SimRandom): string {
  const program = intended ? correctProgram(problem.solution, problem.tests) : brokenProgram(problem.solution, problem.tests, rng.weighted(DEFAULT_BROKEN_WEIGHTS));
  return `Here is the complete solution:\n\n\`\`\`python\n${program}\n\`\`\``;
}
