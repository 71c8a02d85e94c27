import type { Condition, PolicySpec } from "./policy-spec.js";

/** The served names of the paper's reference models (the default roles). */
export const PAPER_ROLES = {
  "1.5b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
  "7b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
  "32b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
  r1: "deepseek-ai/DeepSeek-R1",
} as const;

/**
 * arXiv 2504.00829: drop what DeepSeek-R1 never solves; L1, L2, L3 from the distilled models'
 * pass rates. Levels overlap (the paper trains on them as separate sets).
 */
export const amPolicy: PolicySpec = {
  name: "am-2504.00829",
  description: "Levels of arXiv 2504.00829 from 1.5B/7B/32B distills, after dropping problems DeepSeek-R1 never solves.",
  roles: { ...PAPER_ROLES },
  drop: [{ name: "R1=0", when: { model: "r1", eq: 0 } }],
  levels: [
    { name: "L1", description: "1.5B sometimes solves it", rules: [{ name: "1.5B in (0,1)", when: { model: "1.5b", in: "(0,1)" } }] },
    {
      name: "L2",
      description: "too hard for 1.5B but within the 7B's reach, or in between for both",
      rules: [
        { name: "1.5B=0 & 7B=1", when: { all: [{ model: "1.5b", eq: 0 }, { model: "7b", eq: 1 }] } },
        { name: "1.5B=0 & 7B in (0,1)", when: { all: [{ model: "1.5b", eq: 0 }, { model: "7b", in: "(0,1)" }] } },
        { name: "1.5B in (0,1) & 7B in (0,1)", when: { all: [{ model: "1.5b", in: "(0,1)" }, { model: "7b", in: "(0,1)" }] } },
      ],
    },
    {
      name: "L3",
      description: "everything the 32B fails, plus 50% of math and 10% of code it solves",
      rules: [
        { name: "32B=0", when: { model: "32b", eq: 0 } },
        { name: "32B>0 math 50%", when: { model: "32b", gt: 0 }, domain: "math", keep: 0.5 },
        { name: "32B>0 code 10%", when: { model: "32b", gt: 0 }, domain: "code", keep: 0.1 },
      ],
    },
  ],
};

/** Puts a budget on every pass-rate test of a condition that reads one of `roles`. */
function atBudget(condition: Condition, roles: readonly string[], budget: number): Condition {
  if ("all" in condition) return { all: condition.all.map((c) => atBudget(c, roles, budget)) };
  if ("any" in condition) return { any: condition.any.map((c) => atBudget(c, roles, budget)) };
  if ("not" in condition) return { not: atBudget(condition.not, roles, budget) };
  if ("model" in condition && roles.includes(condition.model)) return { ...condition, budget };
  return condition;
}

/**
 * The paper's levels graded at the budget of the stage that trains on them, from one run sampled at the
 * largest: L1 and L2 at 16k (stage 1's response length), L3 at 24k (stage 2's); R1's drop rule at the
 * sampled max_tokens. An option: `am-2504.00829` itself stays one budget.
 */
export const amBudgetsPolicy: PolicySpec = {
  ...amPolicy,
  name: "am-2504.00829-budgets",
  description: "arXiv 2504.00829's levels with L1/L2 graded at 16k and L3 at 24k completion tokens (its two stages), from one run.",
  levels: amPolicy.levels!.map((level) => ({
    ...level,
    rules: level.rules.map((rule) => ({ ...rule, when: atBudget(rule.when, ["1.5b", "7b", "32b"], level.name === "L3" ? 24_576 : 16_384) })),
  })),
};

/** open-r1's band: keep problems the target model solves sometimes, but not too often. */
export const openR1Policy: PolicySpec = {
  name: "open-r1",
  description: "Keep 0.1 < pass rate < 0.6 for the target model (open-r1's filter).",
  roles: { target: PAPER_ROLES["1.5b"] },
  levels: [{ name: "band", rules: [{ name: "0.1 < target < 0.6", when: { model: "target", gt: 0.1, lt: 0.6 } }] }],
};

/**
 * Skywork-OR1: keep 1..15 correct of 16 for the target model. Written as "at least one pass and not all"
 * so it means the same at other sample counts.
 */
export const skyworkPolicy: PolicySpec = {
  name: "skywork-or1",
  description: "Keep problems the target model solves at least once and fails at least once (1..15 of 16).",
  roles: { target: PAPER_ROLES["7b"] },
  levels: [
    {
      name: "kept",
      rules: [{ name: "1 <= passes < samples", when: { all: [{ model: "target", metric: "passes", ge: 1 }, { model: "target", lt: 1 }] } }],
    },
  ],
};

/** Reasoning360-style buckets of the target model's pass rate, from impossible to perfect (boundaries are ours). */
export const reasoning360Policy: PolicySpec = {
  name: "reasoning360",
  description: "Buckets of the target model's pass rate: impossible (0), hard (0,1/3], medium (1/3,2/3], easy (2/3,1), perfect (1).",
  roles: { target: PAPER_ROLES["7b"] },
  levels: [
    { name: "impossible", rules: [{ name: "=0", when: { model: "target", eq: 0 } }] },
    { name: "hard", rules: [{ name: "(0,1/3]", when: { model: "target", gt: 0, le: 1 / 3 } }] },
    { name: "medium", rules: [{ name: "(1/3,2/3]", when: { model: "target", gt: 1 / 3, le: 2 / 3 } }] },
    { name: "easy", rules: [{ name: "(2/3,1)", when: { model: "target", gt: 2 / 3, lt: 1 } }] },
    { name: "perfect", rules: [{ name: "=1", when: { model: "target", eq: 1 } }] },
  ],
};

export const BUILTIN_POLICIES: Readonly<Record<string, PolicySpec>> = {
  [amPolicy.name as string]: amPolicy,
  [amBudgetsPolicy.name as string]: amBudgetsPolicy,
  [openR1Policy.name as string]: openR1Policy,
  [skyworkPolicy.name as string]: skyworkPolicy,
  [reasoning360Policy.name as string]: reasoning360Policy,
};
