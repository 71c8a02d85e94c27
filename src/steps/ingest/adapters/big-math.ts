import type { LayoutAdapter } from "./adapter.js";
import { FieldError, optionalString, pickMeta, requireString, typeName } from "./fields.js";

/** The model behind Big-Math's `llama8b_solve_rate`, and its samples per problem (the repo's script runs `--n 64`). */
export const BIG_MATH_MODEL = "meta-llama/Llama-3.1-8B-Instruct";
export const BIG_MATH_SAMPLES = 64;

/** SynthLabsAI/Big-Math-RL-Verified: `problem`, `answer`, `source`, `domain`; `llama8b_solve_rate` becomes an imported difficulty row. */
export const bigMathAdapter: LayoutAdapter = {
  name: "big-math",
  describes: "SynthLabsAI/Big-Math-RL-Verified (problem, answer, source, domain, llama8b_solve_rate)",
  detect: (c) => c.has("problem") && c.has("llama8b_solve_rate"),
  adapt(row) {
    const prompt = requireString(row, "problem");
    const answer = optionalString(row, "answer")?.trim() || null;
    const rate = row.llama8b_solve_rate;
    let passRates;
    if (rate !== null && rate !== undefined) {
      const value = typeof rate === "string" ? Number(rate) : rate;
      if (typeof value !== "number" || !Number.isFinite(value)) throw new FieldError("wrong_type", `field "llama8b_solve_rate" must be a number, got ${typeName(rate)}`);
      if (value < 0 || value > 1) throw new FieldError("bad_value", `field "llama8b_solve_rate" must be in [0, 1], got ${value}`);
      passRates = { [BIG_MATH_MODEL]: { pass_rate: value, samples: BIG_MATH_SAMPLES } };
    }
    return { domain: "math", prompt, answer, meta: pickMeta(row, ["source", "domain"]), ...(passRates ? { passRates } : {}) };
  },
};
