import { SimRandom } from "./sim-random.js";
import { correctSpellings } from "./math-spellings.js";

/** A simulated judge: deterministic per (gold, answer), so tests can predict every verdict. */
export interface SimJudgeModel {
  name: string;
  /** Chance that it accepts an answer that is not a spelling of the gold (a judge's own false positive). @default 0.05 */
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

/** Whether the answer is a spelling of the gold: the ones the simulated models write, or the same number. */
export function simEquivalent(gold: string, answer: string): boolean {
  const a = normalize(answer);
  if (correctSpellings(gold).some((s) => normalize(s) === a)) return true;
  const [x, y] = [Number(normalize(gold).replace(/,/g, "")), Number(a.replace(/,/g, ""))];
  return a !== "" && Number.isFinite(x) && Number.isFinite(y) && x === y;
}

/** What the simulated judge says about (gold, answer): equivalence, or by chance (lenience); sometimes no verdict. */
export function simJudgeOpinion(judge: SimJudgeModel, gold: string, answer: string): SimJudgeOpinion {
  const rng = new SimRandom(`judge:${judge.name}:${gold}\u0000${answer}`);
  const malformed = rng.next() < (judge.malformedRate ?? 0);
  const lenient = rng.next() < (judge.lenience ?? 0.05);
  if (malformed) return "malformed";
  return simEquivalent(gold, answer) || lenient ? "correct" : "incorrect";
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
