import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { budgetModel, parseBudgetModel, type CompiledPolicy } from "../policy/compiled-policy.js";
import { policyAtBudget } from "../policy/policy-at-budget.js";
import { evaluationSql, pivotSql, statusSql } from "../policy/policy-sql.js";

/** A move between two adjacent budgets: what a problem (or pair) was at the smaller one and at the larger. */
export interface BudgetTransition {
  from: string;
  to: string;
  problems: number;
}

/** One step between adjacent budgets (ascending), e.g. 16384 → 24576. */
export interface BudgetStep {
  from: number;
  to: number;
  /** Problems (or (problem, model) pairs) seen at both budgets. */
  problems: number;
  /** Of those, how many changed. */
  changed: number;
  /** Every change, most frequent first. */
  transitions: BudgetTransition[];
}

export interface BudgetStats {
  /** Budgets of `budget_pass_rates`, ascending. */
  budgets: number[];
  /** Per model: (problem, model) pairs, mean pass rate at each budget (aligned with `budgets`), passing samples without a token count. */
  models: { model: string; problems: number; mean_pass_rate: number[]; tokens_unknown: number }[];
  /** Per model and adjacent budget pair: pairs whose pass-rate category (0, in between, 1) differs. */
  categoryChanges: ({ model: string } & BudgetStep)[];
  /** Per adjacent budget pair: problems whose levels differ when the staging policy is evaluated at each budget. */
  levelChanges?: { policy: string; steps: BudgetStep[] };
  /** Why `levelChanges` is absent (no policy, or the policy reads models without budget pass rates). */
  levelChangesNote?: string;
}

/** Category of a pass rate from passes and samples, as the paper's rules read it. */
const CATEGORY = `CASE WHEN passes = 0 THEN '0' WHEN passes = samples THEN '1' ELSE '(0,1)' END`;

/**
 * Figures of grade's `budget_pass_rates` (a relation with its columns): mean pass rate per model and budget,
 * and, between adjacent budgets, the pairs whose category changes and the problems whose levels change when
 * `policy` is evaluated at each budget (every test read at that budget; the stage's own SQL). `problems` is a
 * relation with `id` and `domain` (for the policy's domain rules).
 */
export async function budgetStats(db: DuckDBConnection, budgetRows: string, problems: string | undefined, policy: CompiledPolicy | undefined): Promise<BudgetStats> {
  const budgets = (await queryRows<{ budget: number }>(db, `SELECT DISTINCT budget FROM ${budgetRows} ORDER BY budget`)).map((r) => Number(r.budget));
  const perModel = await queryRows<{ model: string; budget: number; problems: number; mean: number; unknown: number }>(
    db,
    `SELECT model, budget, count(*)::BIGINT AS problems, avg(pass_rate)::DOUBLE AS mean, sum(tokens_unknown)::BIGINT AS unknown
     FROM ${budgetRows} GROUP BY model, budget ORDER BY model, budget`,
  );
  const models: BudgetStats["models"] = [];
  for (const r of perModel) {
    let entry = models.find((m) => m.model === r.model);
    if (!entry) models.push((entry = { model: r.model, problems: 0, mean_pass_rate: budgets.map(() => 0), tokens_unknown: 0 }));
    entry.mean_pass_rate[budgets.indexOf(Number(r.budget))] = r.mean;
    // Every budget has the same pairs and the same unknown counts (they do not depend on the budget).
    entry.problems = Math.max(entry.problems, r.problems);
    entry.tokens_unknown = Math.max(entry.tokens_unknown, r.unknown);
  }
  const categories = `SELECT problem_id, model, budget, ${CATEGORY} AS label FROM ${budgetRows}`;
  const categoryChanges = (await stepsOf(db, categories, budgets, ["model"])).map(({ keys, ...step }) => ({ model: keys[0], ...step }));
  const stats: BudgetStats = { budgets, models, categoryChanges };
  // Fewer than two budgets: nothing to compare (the pages say so in one line).
  if (budgets.length < 2) return stats;
  if (!policy) return { ...stats, levelChangesNote: "level changes need the run's staging policy (run `rungs stats <pipeline>`)" };
  if (!problems) return { ...stats, levelChangesNote: "level changes need the problems table (the domain of each problem)" };
  const have = new Set(models.map((m) => m.model));
  const missing = policyAtBudget(policy, budgets[0] ?? 1).models.map((id) => parseBudgetModel(id)?.model ?? id).filter((m) => !have.has(m));
  if (missing.length) {
    return { ...stats, levelChangesNote: `policy ${policy.name} reads model(s) without budget pass rates: ${[...new Set(missing)].join(", ")}; level changes not computed` };
  }
  // Each (model, budget) as the model id a rule at that budget reads (budgetModel is the one place its spelling lives).
  const ids = models.flatMap((m) => budgets.map((b) => `(${sqlString(m.model)}, ${b}, ${sqlString(budgetModel(m.model, b))})`));
  await db.run(
    `CREATE OR REPLACE TEMP TABLE stats_budget_facts AS SELECT b.problem_id, i.id AS model, p.domain, b.samples, b.passes, b.pass_rate,
       b.pass_rate AS mean_score, 0.0 AS truncation_rate
     FROM ${budgetRows} b JOIN (VALUES ${ids.join(", ")}) i(model, budget, id) ON i.model = b.model AND i.budget = b.budget JOIN ${problems} p ON p.id = b.problem_id`,
  );
  try {
    const perBudget = budgets.map((budget) => {
      const at = policyAtBudget(policy, budget);
      const facts = `(SELECT * FROM stats_budget_facts WHERE model IN (${at.models.map(sqlString).join(", ") || "NULL"}))`;
      return `SELECT problem_id, ${budget} AS budget, ${labelSql(at)} AS label FROM (SELECT *, ${statusSql(at)} AS status FROM (${evaluationSql(at, `(${pivotSql(at, facts)})`)}))`;
    });
    const levels = perBudget.join("\nUNION ALL\n");
    return { ...stats, levelChanges: { policy: policy.name, steps: (await stepsOf(db, levels, budgets, [])).map(({ keys: _keys, ...step }) => step) } };
  } finally {
    await db.run(`DROP TABLE IF EXISTS stats_budget_facts`);
  }
}

/** A problem's outcome as one label: its levels joined with "+" in the policy's order, "no level", or the status. */
function labelSql(policy: CompiledPolicy): string {
  const levels = policy.levels.map((level, i) => `CASE WHEN l${i} THEN ${sqlString(level.name)} END`);
  const staged = levels.length ? `coalesce(nullif(concat_ws('+', ${levels.join(", ")}), ''), 'no level')` : `'no level'`;
  return `CASE status WHEN 'staged' THEN ${staged} WHEN 'truncated' THEN ${sqlString(policy.truncatedLevel)} ELSE status END`;
}

/**
 * Changes of `label` (per problem_id and `keys`) between each pair of adjacent budgets, grouped by `keys`.
 * `labels` is a relation (problem_id, budget, label, ...keys). One aggregate lays each problem's labels side
 * by side (a column per budget), then the few distinct combinations are compared here: far cheaper than
 * joining the relation to itself per budget pair.
 */
async function stepsOf(db: DuckDBConnection, labels: string, budgets: number[], keys: string[]): Promise<(BudgetStep & { keys: string[] })[]> {
  if (budgets.length < 2) return [];
  const columns = budgets.map((b, i) => `any_value(label) FILTER (WHERE budget = ${b}) AS c${i}`);
  const rows = await queryRows<{ keys: string[]; n: number } & Record<string, string | null>>(
    db,
    `SELECT [${keys.join(", ")}]::VARCHAR[] AS keys, ${budgets.map((_, i) => `c${i}`).join(", ")}, count(*)::BIGINT AS n
     FROM (SELECT ${["problem_id", ...keys].join(", ")}, ${columns.join(", ")} FROM (${labels}) GROUP BY ALL) GROUP BY ALL`,
  );
  const steps = new Map<string, BudgetStep & { keys: string[] }>();
  for (const r of rows) {
    for (let i = 0; i + 1 < budgets.length; i++) {
      const [a, b] = [r[`c${i}`], r[`c${i + 1}`]];
      if (a === null || b === null) continue;
      const id = JSON.stringify([i, r.keys]);
      let step = steps.get(id);
      if (!step) steps.set(id, (step = { keys: r.keys, from: budgets[i], to: budgets[i + 1], problems: 0, changed: 0, transitions: [] }));
      step.problems += r.n;
      if (a === b) continue;
      step.changed += r.n;
      const move = step.transitions.find((t) => t.from === a && t.to === b);
      if (move) move.problems += r.n;
      else step.transitions.push({ from: a, to: b, problems: r.n });
    }
  }
  const ordered = [...steps.values()].sort((x, y) => x.from - y.from || x.keys.join().localeCompare(y.keys.join()));
  for (const step of ordered) step.transitions.sort((x, y) => y.problems - x.problems || x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
  return ordered;
}
