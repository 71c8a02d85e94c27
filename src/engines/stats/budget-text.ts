/** Wording shared by `rungs stats` and the report about pass rates at token budgets. */
import type { BudgetStats, BudgetStep } from "./budget-stats.js";

/** How to get pass rates at several budgets, for runs that have none or one. */
export const BUDGETS_HOW_TO =
  "grade computes them at the curriculum's stage lengths (maxResponseLength), the sampled max_tokens and every budget the policy names (e.g. policy am-2504.00829-budgets); run grade again";

/** The one line shown instead of the budget figures, or undefined when there are figures to show. */
export function budgetsNote(stats: { budgets?: BudgetStats }): string | undefined {
  const b = stats.budgets;
  if (!b || b.budgets.length === 0) return `No pass rates at token budgets (budget_pass_rates): ${BUDGETS_HOW_TO}.`;
  if (b.budgets.length === 1) return `One token budget only (${fmtBudget(b.budgets[0])}), nothing to compare: ${BUDGETS_HOW_TO}.`;
  return undefined;
}

export const fmtBudget = (budget: number) => budget.toLocaleString("en-US");
export const stepName = (s: Pick<BudgetStep, "from" | "to">) => `${fmtBudget(s.from)} → ${fmtBudget(s.to)}`;

/** The most frequent changes of a step, e.g. "0 → (0,1) 12, (0,1) → 1 3". */
export function movesText(step: BudgetStep, most = 4): string {
  const shown = step.transitions.slice(0, most).map((t) => `${t.from} → ${t.to} ${t.problems.toLocaleString("en-US")}`);
  const rest = step.transitions.length - shown.length;
  return shown.join(", ") + (rest > 0 ? `, and ${rest} more` : "");
}
