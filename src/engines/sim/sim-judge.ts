import { SimRandom } from "./sim-random.js";

/** A simulated judge: deterministic per (gold, answer), so tests can predict every verdict. */
export interface SimJudgeModel {
  name: string;
  /** Chance that it accepts an answer not written like the gold. @default 0.3 */
  lenience?: number;
  /** Chance that its answer is malformed (neither verdict word). @default 0 */
  malformedRate?: number;
}

export type SimJudgeOpinion = "correct" | "incorrect" | "malformed";

/** Spellings that do not change a value: spaces, `$`, `\left`/`\right`, `\dfrac`, a trailing period. */
function normalize(text: string): string {
  return text
    .replace(/\\left|\\right|\$|\s+/g, "")
    .replace(/\\[dt]frac/g, "\\frac")
    .replace(/\.$/, "");
}

/** What the simulated judge says about (gold, answer). */
export function simJudgeOpinion(judge: SimJudgeModel, gold: string, answer: string): SimJudgeOpinion {
  const rng = new SimRandom(`judge:${judge.name}:${gold}\u0000${answer}`);
  const malformed = rng.next() < (judge.malformedRate ?? 0);
  const lenient = rng.next() < (judge.lenience ?? 0.3);
  if (malformed) return "malformed";
  return normalize(gold) === normalize(answer) || lenient ? "correct" : "incorrect";
}

/** The judge's answer text for a prompt holding `<gold>` and `<answer>` blocks, or undefined when it has none. */
export function simJudgeReply(judge: SimJudgeModel, prompt: string): string | undefined {
  const gold = /<gold>\n?([\s\S]*?)\n?<\/gold>/.exec(prompt)?.[1];
  const answer = /<answer>\n?([\s\S]*?)\n?<\/answer>/.exec(prompt)?.[1];
  if (gold === undefined || answer === undefined) return undefined;
  const opinion = simJudgeOpinion(judge, gold, answer);
  if (opinion === "malformed") return "The two answers look related; I cannot tell for sure. Possibly CORRECT or INCORRECT.";
  return `Comparing ${answer.slice(0, 80)} with the reference ${gold.slice(0, 80)}.\n${opinion === "correct" ? "CORRECT" : "INCORRECT"}`;
}
