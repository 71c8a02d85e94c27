import type { ChatMessage } from "../../core/prompt-template.js";
import type { JudgePromptSpec } from "../config/judge-spec.js";

/** The built-in judge prompt: equivalence of a final answer with the reference, one verdict word at the end. */
export const DEFAULT_JUDGE_PROMPT: Required<Omit<JudgePromptSpec, "system">> & Pick<JudgePromptSpec, "system"> = {
  version: "rungs-judge-1",
  user: [
    "Decide whether a final answer to a math problem is equivalent to the reference answer: the same value, set,",
    "interval, tuple or expression in any correct notation (fractions vs decimals, units, ordering of a set).",
    "Judge the final answer only, not the working. If several final answers are given, or none, it is not equivalent.",
    "",
    "<problem>\n{problem}\n</problem>",
    "",
    "<gold>\n{gold}\n</gold>",
    "",
    "<answer>\n{answer}\n</answer>",
    "",
    "Reply with your reasoning if you need it, then a last line holding exactly one word: CORRECT if the answer is",
    "equivalent to the reference, INCORRECT otherwise.",
  ].join("\n"),
  correct: "CORRECT",
  incorrect: "INCORRECT",
};

/** The prompt a judge setting resolves to, its verdict words filled in. */
export function judgePromptOf(spec: JudgePromptSpec | undefined): Required<Omit<JudgePromptSpec, "system">> & Pick<JudgePromptSpec, "system"> {
  if (!spec) return DEFAULT_JUDGE_PROMPT;
  return { ...spec, correct: spec.correct ?? "CORRECT", incorrect: spec.incorrect ?? "INCORRECT" };
}

export interface JudgeSlots {
  problem: string;
  gold: string;
  answer: string;
}

/** Fills `{problem}`, `{gold}` and `{answer}` in one pass (a slot's text that contains `{gold}` stays as it is). */
export function renderJudgePrompt(prompt: Pick<JudgePromptSpec, "system" | "user">, slots: JudgeSlots): ChatMessage[] {
  const user = prompt.user.replace(/\{(problem|gold|answer)\}/g, (_, name: keyof JudgeSlots) => slots[name]);
  return [...(prompt.system ? [{ role: "system" as const, content: prompt.system }] : []), { role: "user", content: user }];
}
