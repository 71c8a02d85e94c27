import { budgetModel, metricTests, parseBudgetModel, policyRules, type CompiledCondition, type CompiledPolicy, type CompiledRule } from "./compiled-policy.js";

/** The condition with every pass-rate test reading its model at `budget` (a test that named another budget too). */
function conditionAtBudget(c: CompiledCondition, budget: number): CompiledCondition {
  switch (c.kind) {
    case "metric": {
      const model = parseBudgetModel(c.model)?.model ?? c.model;
      const role = c.role === undefined ? undefined : `${c.role.replace(/@\d+$/, "")}@${budget}`;
      return { ...c, model: budgetModel(model, budget), ...(role !== undefined ? { role } : {}) };
    }
    case "all":
    case "any":
      return { kind: c.kind, of: c.of.map((x) => conditionAtBudget(x, budget)) };
    case "not":
      return { kind: "not", of: conditionAtBudget(c.of, budget) };
    case "domain":
      return c;
  }
}

const ruleAtBudget = (rule: CompiledRule, budget: number): CompiledRule => ({ ...rule, when: conditionAtBudget(rule.when, budget) });

/**
 * The same policy evaluated as if every model had been cut at `budget` completion tokens: each test reads
 * `<model>@<budget>tok` (grade's budget_pass_rates at that budget), whatever budget it named before. Rules,
 * names, seeds and draws are unchanged, so the levels it gives are the ones stage would give at that budget.
 */
export function policyAtBudget(policy: CompiledPolicy, budget: number): CompiledPolicy {
  const at: CompiledPolicy = {
    ...policy,
    drop: policy.drop.map((r) => ruleAtBudget(r, budget)),
    levels: policy.levels.map((level) => ({ ...level, rules: level.rules.map((r) => ruleAtBudget(r, budget)) })),
  };
  // Models in first-use order, as compilePolicy lists them (drop rules first).
  const models: string[] = [];
  for (const { rule } of policyRules(at)) for (const { model: id } of metricTests(rule.when)) if (!models.includes(id)) models.push(id);
  return { ...at, models };
}

