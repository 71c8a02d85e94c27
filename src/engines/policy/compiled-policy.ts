import type { Domain } from "../../../schemas/problems.js";
import type { Metric } from "./policy-spec.js";

export type Op = "=" | "!=" | "<" | "<=" | ">" | ">=";

/**
 * A policy after validation: roles resolved to model ids, every test a single comparison. Rules are
 * plain data, so other parts (the adaptive sampler) can inspect what each rule reads.
 */
export type CompiledCondition =
  | { kind: "metric"; model: string; role?: string; metric: Metric; op: Op; value: number }
  | { kind: "all"; of: CompiledCondition[] }
  | { kind: "any"; of: CompiledCondition[] }
  | { kind: "not"; of: CompiledCondition }
  | { kind: "domain"; domains: Domain[] };

export interface CompiledRule {
  name: string;
  when: CompiledCondition;
  /** Undefined: every domain. */
  domains?: Domain[];
  /** Fraction kept by the seeded draw, in (0, 1]. */
  keep: number;
}

export interface CompiledLevel {
  name: string;
  description?: string;
  rules: CompiledRule[];
}

export interface CompiledPolicy {
  name: string;
  description?: string;
  seed: string;
  roles: Record<string, string>;
  /** Every model id some rule reads, in first-use order. */
  models: string[];
  domains?: Domain[];
  codePassRate: "passes" | "mean_score";
  truncation: "ignore" | "separate";
  truncatedLevel: string;
  drop: CompiledRule[];
  levels: CompiledLevel[];
}

/**
 * A test that names a token budget reads the model's pass rate at that budget (grade's
 * budget_pass_rates) as if it were a model of its own, `<model id>@<budget>tok`: the evaluation, the SQL
 * and the stage need nothing else. These two helpers are the only place that spelling lives.
 */
export function budgetModel(model: string, budget: number): string {
  return `${model}@${budget}tok`;
}

/** The real model id and budget of a budget model id, or undefined for a plain model id. */
export function parseBudgetModel(id: string): { model: string; budget: number } | undefined {
  const m = /^(.*)@(\d+)tok$/.exec(id);
  return m ? { model: m[1], budget: Number(m[2]) } : undefined;
}

/** Human-readable text of a condition (`1.5b in (0,1)`-style), used as a default rule name. */
export function conditionText(condition: CompiledCondition): string {
  switch (condition.kind) {
    case "metric": {
      const who = condition.role ?? condition.model;
      const metric = condition.metric === "pass_rate" ? "" : `.${condition.metric}`;
      return `${who}${metric}${condition.op}${+condition.value.toPrecision(6)}`;
    }
    case "all":
      return condition.of.map((c) => (c.kind === "any" ? `(${conditionText(c)})` : conditionText(c))).join(" & ");
    case "any":
      return condition.of.map(conditionText).join(" | ");
    case "not":
      return `not (${conditionText(condition.of)})`;
    case "domain":
      return `domain in ${condition.domains.join("/")}`;
  }
}

/** Every metric test inside a condition. */
export function metricTests(condition: CompiledCondition): Extract<CompiledCondition, { kind: "metric" }>[] {
  switch (condition.kind) {
    case "metric":
      return [condition];
    case "all":
    case "any":
      return condition.of.flatMap(metricTests);
    case "not":
      return metricTests(condition.of);
    case "domain":
      return [];
  }
}

/** Every rule of the policy with where it sits (a level name, or "drop"). */
export function policyRules(policy: CompiledPolicy): { level: string; rule: CompiledRule }[] {
  return [
    ...policy.drop.map((rule) => ({ level: "drop", rule })),
    ...policy.levels.flatMap((level) => level.rules.map((rule) => ({ level: level.name, rule }))),
  ];
}
