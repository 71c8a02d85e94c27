import type { LayoutAdapter } from "./adapter.js";
import { optionalString, requireString } from "./fields.js";

/** agentica-org/DeepScaleR-Preview-Dataset: `problem`, `answer`, `solution` (a few rows have no answer: left null for curation). */
export const deepscalerAdapter: LayoutAdapter = {
  name: "deepscaler",
  describes: "agentica-org/DeepScaleR-Preview-Dataset (problem, answer, solution)",
  detect: (c) => c.has("problem") && c.has("answer"),
  adapt(row) {
    const prompt = requireString(row, "problem");
    const answer = optionalString(row, "answer")?.trim() || null;
    return { domain: "math", prompt, answer, solution: optionalString(row, "solution"), meta: {} };
  },
};
