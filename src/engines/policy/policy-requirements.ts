import type { Metric } from "./policy-spec.js";
import { metricTests, policyRules, type CompiledCondition, type CompiledPolicy } from "./compiled-policy.js";

/**
 * What a test needs to know about a model, weakest first:
 * - `solves`: whether the model ever succeeds (pass rate 0 or > 0);
 * - `category`: pass rate 0, in (0, 1), or 1;
 * - `exact`: the exact value (any other threshold, or a metric other than pass rate).
 */
export type FactNeed = "solves" | "category" | "exact";
const ORDER: readonly FactNeed[] = ["solves", "category", "exact"];

export interface ModelRequirement {
  model: string;
  role?: string;
  /** The strongest need over all rules. */
  need: FactNeed;
  metrics: Metric[];
  /** Where the model is read: `level/rule` → need. */
  rules: { level: string; rule: string; need: FactNeed }[];
}

/** The fact one metric test needs (see FactNeed). */
export function testNeed(test: Extract<CompiledCondition, { kind: "metric" }>): FactNeed {
  if (test.metric !== "pass_rate") return "exact";
  const { op, value } = test;
  // Tests at 0 only ask "ever solved?"; tests at 1 ask "ever failed?", which the category answers.
  if (value === 0 && ["=", "!=", ">", "<="].includes(op)) return "solves";
  if (value === 1 && ["=", "!=", "<", ">="].includes(op)) return "category";
  // Trivial tests (pass rate >= 0, < 0, > 1, <= 1) need nothing beyond the category either.
  if ((value <= 0 && op !== "=" && op !== "!=") || (value >= 1 && op !== "=" && op !== "!=")) return "category";
  return "exact";
}

const stronger = (a: FactNeed, b: FactNeed): FactNeed => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/**
 * Per model, what the policy reads and how precisely: the adaptive sampler uses this to stop sampling
 * a model once the facts its rules need are settled, and to skip models no rule reads.
 */
export function policyRequirements(policy: CompiledPolicy): ModelRequirement[] {
  const byModel = new Map<string, ModelRequirement>();
  for (const { level, rule } of policyRules(policy)) {
    for (const t of metricTests(rule.when)) {
      const need = testNeed(t);
      const entry = byModel.get(t.model) ?? { model: t.model, ...(t.role ? { role: t.role } : {}), need, metrics: [], rules: [] };
      entry.need = stronger(entry.need, need);
      if (!entry.metrics.includes(t.metric)) entry.metrics.push(t.metric);
      const existing = entry.rules.find((r) => r.level === level && r.rule === rule.name);
      if (existing) existing.need = stronger(existing.need, need);
      else entry.rules.push({ level, rule: rule.name, need });
      byModel.set(t.model, entry);
    }
  }
  // Truncation-aware policies also read whether every sample hit the length limit.
  if (policy.truncation === "separate") for (const entry of byModel.values()) if (!entry.metrics.includes("truncation_rate")) entry.metrics.push("truncation_rate");
  return policy.models.map((m) => byModel.get(m)!).filter(Boolean);
}
