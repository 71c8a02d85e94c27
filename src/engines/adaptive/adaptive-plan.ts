import { UsageError } from "../../core/errors.js";
import type { CompiledPolicy } from "../policy/compiled-policy.js";
import { roleName } from "../policy/evaluate-policy.js";
import { policyRequirements, type FactNeed } from "../policy/policy-requirements.js";

/** What adaptive sampling does with each model of a pipeline. */
export interface AdaptivePlan {
  policy: CompiledPolicy;
  /** Models the policy reads, in cascade order: models of drop rules first (a drop ends the problem), then the pipeline's order. */
  cascade: string[];
  /** The weakest fact the policy ever needs per cascade model (`solves` or `category`). */
  needs: Record<string, FactNeed>;
  /** Pipeline models no rule reads: never sampled in adaptive mode. */
  unused: string[];
  /** What must equal full sampling: the level sets only, or the levels and each level's rule name. */
  exactness: Exactness;
}

/**
 * `levels`: each problem's outcome (dropped, excluded, truncated, or the set of levels it is in) equals
 * full sampling's; the staged `rule` lists every rule the drawn samples leave possible. `rules`: the
 * rule name that put it in each level is exact too (more samples where rules of one level differ).
 */
export type Exactness = "levels" | "rules";

/** `sampling.adaptive.exactness`, checked. @default "levels" */
export function exactnessOption(value: unknown): Exactness {
  if (value === undefined) return "levels";
  if (value !== "levels" && value !== "rules") throw new UsageError(`sample: sampling.adaptive.exactness: expected "levels" or "rules", got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Derives the cascade from the policy. Adaptive sampling only knows pass-rate categories (0, in
 * between, 1): a rule that needs an exact pass rate, or another metric, cannot be settled early.
 */
export function adaptivePlan(policy: CompiledPolicy, pipelineModels: readonly string[], exactness: Exactness = "levels"): AdaptivePlan {
  const requirements = policyRequirements(policy);
  for (const req of requirements) {
    if (req.need !== "exact") continue;
    const rule = req.rules.find((r) => r.need === "exact")!;
    const who = req.role ? `${req.role} (${req.model})` : req.model;
    throw new UsageError(
      `sample: adaptive sampling does not support policy ${policy.name}: it needs exact pass rates of ${who} (rule ${JSON.stringify(rule.rule)} of ${rule.level}; metrics ${req.metrics.join(", ")}); use sampling.mode "full"`,
    );
  }
  for (const req of requirements) {
    if (!pipelineModels.includes(req.model)) {
      throw new UsageError(
        `sample: policy ${policy.name} reads model ${req.model} (role ${roleName(policy, req.model)}), which the pipeline does not sample; add it to \`models\` or map the role with --role`,
      );
    }
  }
  const read = new Set(requirements.map((r) => r.model));
  const dropModels = policy.drop.flatMap((rule) => policyRequirementsOfRule(policy, rule.name)).filter((m) => read.has(m));
  const cascade = [...new Set([...dropModels, ...pipelineModels.filter((m) => read.has(m))])];
  return {
    policy,
    cascade,
    needs: Object.fromEntries(requirements.map((r) => [r.model, r.need])),
    unused: pipelineModels.filter((m) => !read.has(m)),
    exactness,
  };
}

function policyRequirementsOfRule(policy: CompiledPolicy, ruleName: string): string[] {
  return policyRequirements(policy)
    .filter((req) => req.rules.some((r) => r.level === "drop" && r.rule === ruleName))
    .map((req) => req.model);
}
