import { hashUnit } from "../../core/hash.js";
import type { Domain } from "../../../schemas/problems.js";
import type { CompiledCondition, CompiledPolicy, CompiledRule } from "./compiled-policy.js";
import type { Metric } from "./policy-spec.js";

/** What is known about one model on one problem. Only passes and samples are required. */
export interface ModelFacts {
  passes: number;
  samples: number;
  /** @default passes / samples */
  mean_score?: number;
  /** @default 0 */
  truncation_rate?: number;
}

export interface ProblemFacts {
  problemId: string;
  domain: Domain;
  /** Facts per model id; a model without facts makes every test on it unknown. */
  models: Readonly<Record<string, ModelFacts | undefined>>;
}

export interface PolicyDecision {
  /**
   * `staged` (in zero or more levels), `dropped` (a drop rule matched), `excluded` (domain outside the
   * policy), `truncated` (a model failed only by the length limit; truncation "separate"), or
   * `undecided` (the answer depends on a model without facts, named in `missing`).
   */
  status: "staged" | "dropped" | "excluded" | "truncated" | "undecided";
  levels: { level: string; rule: string }[];
  /** Models without facts that the undecided answer depends on. */
  missing: string[];
}

/** Kleene logic: `undefined` is unknown (a test on a model without facts). */
type Tri = boolean | undefined;

function metricValue(policy: CompiledPolicy, facts: ModelFacts, metric: Metric, domain: Domain): number {
  const passRate = facts.passes / facts.samples;
  switch (metric) {
    case "pass_rate":
      return domain === "code" && policy.codePassRate === "mean_score" ? (facts.mean_score ?? passRate) : passRate;
    case "mean_score":
      return facts.mean_score ?? passRate;
    case "samples":
      return facts.samples;
    case "passes":
      return facts.passes;
    case "truncation_rate":
      return facts.truncation_rate ?? 0;
  }
}

function test(policy: CompiledPolicy, c: CompiledCondition, p: ProblemFacts): Tri {
  switch (c.kind) {
    case "metric": {
      const facts = p.models[c.model];
      if (!facts) return undefined;
      const v = metricValue(policy, facts, c.metric, p.domain);
      switch (c.op) {
        case "=":
          return v === c.value;
        case "!=":
          return v !== c.value;
        case "<":
          return v < c.value;
        case "<=":
          return v <= c.value;
        case ">":
          return v > c.value;
        case ">=":
          return v >= c.value;
      }
      break;
    }
    case "all": {
      let result: Tri = true;
      for (const x of c.of) {
        const r = test(policy, x, p);
        if (r === false) return false;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    case "any": {
      let result: Tri = false;
      for (const x of c.of) {
        const r = test(policy, x, p);
        if (r === true) return true;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    case "not": {
      const r = test(policy, c.of, p);
      return r === undefined ? undefined : !r;
    }
    case "domain":
      return c.domains.includes(p.domain);
  }
}

/** The seeded retention draw: uniform in [0, 1) from (policy seed, problem id). */
export function retentionDraw(seed: string, problemId: string): number {
  return hashUnit(`${seed}:${problemId}`);
}

function ruleMatches(policy: CompiledPolicy, rule: CompiledRule, p: ProblemFacts): Tri {
  if (rule.domains && !rule.domains.includes(p.domain)) return false;
  if (rule.keep < 1 && retentionDraw(policy.seed, p.problemId) >= rule.keep) return false;
  return test(policy, rule.when, p);
}

/** First matching rule's name, `undefined` when unknown, `null` when no rule matches. */
function firstMatch(policy: CompiledPolicy, rules: CompiledRule[], p: ProblemFacts): string | null | undefined {
  let unknown = false;
  for (const rule of rules) {
    const r = ruleMatches(policy, rule, p);
    if (r === true) return rule.name;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : null;
}

/**
 * Applies a policy to one problem from per-model (passes, samples): the same answer as the SQL stage
 * over a difficulty table. Works with partial facts (e.g. while sampling): `undecided` says more is needed.
 */
export function evaluatePolicy(policy: CompiledPolicy, p: ProblemFacts): PolicyDecision {
  const missing = () => policy.models.filter((m) => !p.models[m]);
  if (policy.domains && !policy.domains.includes(p.domain)) return { status: "excluded", levels: [], missing: [] };
  if (policy.truncation === "separate") {
    const limited = policy.models.find((m) => {
      const f = p.models[m];
      return f !== undefined && f.passes === 0 && (f.truncation_rate ?? 0) >= 1;
    });
    if (limited) return { status: "truncated", levels: [{ level: policy.truncatedLevel, rule: `length-limited: ${roleName(policy, limited)}` }], missing: [] };
  }
  const drop = firstMatch(policy, policy.drop, p);
  if (drop === undefined) return { status: "undecided", levels: [], missing: missing() };
  if (drop !== null) return { status: "dropped", levels: [], missing: [] };
  const levels: PolicyDecision["levels"] = [];
  for (const level of policy.levels) {
    const rule = firstMatch(policy, level.rules, p);
    if (rule === undefined) return { status: "undecided", levels: [], missing: missing() };
    if (rule !== null) levels.push({ level: level.name, rule });
  }
  return { status: "staged", levels, missing: [] };
}

/** The role a model plays in the policy, or the model id itself. */
export function roleName(policy: CompiledPolicy, model: string): string {
  return Object.entries(policy.roles).find(([, id]) => id === model)?.[0] ?? model;
}
