import { UsageError } from "../../core/errors.js";
import { metricTests, parseBudgetModel, policyRules, type CompiledCondition, type CompiledPolicy } from "../policy/compiled-policy.js";
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
  /**
   * True when some rule needs a pass rate's value (a threshold such as 0.1 < p < 0.6, or a pass count):
   * problems then stop on the Bayesian rule below instead of only when no sample can change a label.
   */
  valueMode: boolean;
  /**
   * Value mode: stop once the posterior predictive probability that full sampling's label (status and
   * levels, plus rules under exactness "rules") differs from the most likely one is at most delta.
   * 0: stop only when the label is proven, as for category policies.
   */
  delta: number;
  /** Value mode: every metric test of the policy on each model (a final pass count's class is their answers). */
  valueTests: Record<string, MetricTest[]>;
  /**
   * Growing requests (`sampling.adaptive.growRequests`): each request of a (problem, model) asks as many
   * samples as are drawn (at least 1, at most the rest of its aligned chunk): 1, 1, 2, 4, ... Later samples
   * of a chunk are asked with the chunk's seed + offset, which gives a full run's samples only on servers
   * that sample choice j of a request with seed + j (llama.cpp, vLLM's V1 engine). "auto": for the models whose
   * server is one of those (by `/v1/models` owned_by), told to the state once the servers are checked.
   */
  growRequests: GrowRequests;
}

export type GrowRequests = boolean | "auto";

export type MetricTest = Extract<CompiledCondition, { kind: "metric" }>;

/** `sampling.adaptive.delta` default: at most a 1% chance per problem that a value-policy label differs from full sampling's. */
export const DEFAULT_DELTA = 0.01;

/** `sampling.adaptive.delta`, checked. @default 0.01 */
export function deltaOption(value: unknown): number {
  if (value === undefined) return DEFAULT_DELTA;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 0.5) {
    throw new UsageError(`sample: sampling.adaptive.delta: expected a number in [0, 0.5), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Metrics value mode can settle: those that are functions of the pass count over n. */
const VALUE_METRICS = new Set(["pass_rate", "passes"]);

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
 * Derives the cascade from the policy. Category policies (tests at 0 and 1 only) are settled exactly;
 * a policy that needs a pass rate's value runs in value mode (see `delta`), which supports pass rates and
 * pass counts of pass/fail samples only: not mean scores, truncation rates, sample counts, code pass
 * rates as mean scores, or truncation "separate".
 */
export function adaptivePlan(
  policy: CompiledPolicy,
  pipelineModels: readonly string[],
  exactness: Exactness = "levels",
  delta: number = DEFAULT_DELTA,
  growRequests: GrowRequests = false,
): AdaptivePlan {
  const requirements = policyRequirements(policy);
  const atBudget = requirements.find((r) => parseBudgetModel(r.model));
  if (atBudget) {
    throw new UsageError(
      `sample: adaptive sampling does not support policy ${policy.name}: rule ${JSON.stringify(atBudget.rules[0].rule)} of ${atBudget.rules[0].level} reads a pass rate at a token budget (${atBudget.role ?? atBudget.model}); use sampling.mode "full"`,
    );
  }
  const valueMode = requirements.some((r) => r.need === "exact");
  for (const req of requirements) {
    if (!valueMode) break;
    const who = req.role ? `${req.role} (${req.model})` : req.model;
    const rule = req.rules.find((r) => r.need === "exact") ?? req.rules[0];
    const unsupported = req.metrics.filter((m) => !VALUE_METRICS.has(m));
    const why =
      policy.truncation === "separate"
        ? `it sets truncation "separate"`
        : policy.codePassRate === "mean_score"
          ? `it sets codePassRate "mean_score"`
          : unsupported.length > 0
            ? `it reads ${unsupported.join(", ")} of ${who}`
            : undefined;
    if (why) {
      throw new UsageError(
        `sample: adaptive sampling does not support policy ${policy.name}: it needs exact pass rates (rule ${JSON.stringify(rule.rule)} of ${rule.level}) and ${why}; ` +
          `value-policy adaptive sampling handles pass_rate and passes of pass/fail samples only; use sampling.mode "full"`,
      );
    }
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
    valueMode,
    delta: valueMode ? delta : 0,
    valueTests: valueMode ? testsByModel(policy) : {},
    growRequests,
  };
}

function testsByModel(policy: CompiledPolicy): Record<string, MetricTest[]> {
  const out: Record<string, MetricTest[]> = {};
  for (const { rule } of policyRules(policy)) for (const t of metricTests(rule.when)) (out[t.model] ??= []).push(t);
  return out;
}

function policyRequirementsOfRule(policy: CompiledPolicy, ruleName: string): string[] {
  return policyRequirements(policy)
    .filter((req) => req.rules.some((r) => r.level === "drop" && r.rule === ruleName))
    .map((req) => req.model);
}
