import type { LayoutAdapter } from "./adapter.js";
import { lastBoxed } from "./boxed.js";
import { optionalString, pickMeta, requireString } from "./fields.js";

const META = ["source", "problem_type", "question_type", "synthetic"];

/** A NuminaMath validity flag: the strings "Yes"/"No" of 1.5, or a boolean. Undefined when absent. */
function validity(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "boolean") return value;
  return String(value).trim().toLowerCase() === "yes";
}

/**
 * AI-MO/NuminaMath-CoT and NuminaMath-1.5: `problem` + `solution`. The answer is the `answer` column
 * when present (1.5), where "proof" and "notfound" are ungradable; else the last `\boxed{}` of the
 * solution (CoT has no answer column). Rows 1.5 marks invalid ("No") are rejected.
 */
export const numinaAdapter: LayoutAdapter = {
  name: "numina",
  describes: "AI-MO/NuminaMath-CoT and NuminaMath-1.5 (problem, solution, answer?, source, problem_type, question_type)",
  detect: (c) => c.has("problem") && c.has("solution") && (c.has("messages") || c.has("problem_is_valid") || c.has("question_type") || (c.has("source") && !c.has("answer"))),
  adapt(row) {
    const prompt = requireString(row, "problem");
    const solution = optionalString(row, "solution");
    for (const flag of ["problem_is_valid", "solution_is_valid"]) {
      if (validity(row[flag]) === false) return { reject: "marked_invalid", detail: `field "${flag}" is ${JSON.stringify(row[flag])}` };
    }
    let answer: string | null;
    if ("answer" in row && row.answer !== undefined) {
      answer = optionalString(row, "answer")?.trim() || null;
      const lower = answer?.toLowerCase();
      if (lower === "proof") return { reject: "ungradable_proof", detail: `field "answer" is "proof"` };
      if (!answer || lower === "notfound") return { reject: "ungradable_no_answer", detail: `field "answer" is ${JSON.stringify(row.answer)}` };
    } else {
      answer = solution ? lastBoxed(solution) : null;
    }
    return { domain: "math", prompt, answer, solution, meta: pickMeta(row, META) };
  },
};
