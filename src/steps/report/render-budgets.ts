import { budgetsNote, movesText, stepName, fmtBudget } from "../../engines/stats/budget-text.js";
import { html, type SafeHtml } from "./html.js";
import type { ReportData } from "./report-data.js";
import { renderFigure, renderTable } from "./render-table.js";

/** Pass rate against token budget per model, and what changes category or level between adjacent budgets. */
export function renderBudgets({ stats, charts }: ReportData): SafeHtml {
  const note = budgetsNote(stats);
  const b = stats.budgets;
  if (note || !b) return html`<section id="budgets"><h2>Token budgets</h2><p class="empty">${note ?? ""}</p></section>`;
  const levels = b.levelChanges;
  return html`<section id="budgets"><h2>Token budgets</h2>
<p class="note">A sample is correct at budget b when it is correct, finished on its own and used at most b completion tokens: the pass rate had generation been cut at b (max_tokens), from one run sampled at the largest budget. A model told its budget may answer differently.${b.models.some((m) => m.tokens_unknown > 0) ? " Passing samples without a token count count as failing at every budget." : ""}${stats.adaptive ? " Pairs adaptive sampling stopped early have pass rates over the samples drawn: their category at a smaller budget is not exact." : ""}</p>
${renderFigure(charts.budgets, "Mean pass rate over (problem, model) pairs at each budget, one line per model.")}
${renderTable("budget-pass-rates-table", ["model", "problems", ...b.budgets.map(fmtBudget), "passes without token count"], b.models.map((m) => [m.model, m.problems, ...m.mean_pass_rate, m.tokens_unknown]), "Mean pass rate per model at each budget")}
${
  levels
    ? renderTable(
        "budget-level-changes-table",
        ["budgets", "problems", "changed", "changes"],
        levels.steps.map((s) => [stepName(s), s.problems, s.changed, movesText(s, 6) || "–"]),
        `Problems whose levels change between adjacent budgets (policy ${levels.policy}, every pass rate read at the budget)`,
      )
    : html`<p class="note" id="budget-level-changes-note">Level changes: ${b.levelChangesNote ?? ""}.</p>`
}
${renderTable(
  "budget-category-changes-table",
  ["model", "budgets", "pairs", "changed", "changes"],
  b.categoryChanges.map((c) => [c.model, stepName(c), c.problems, c.changed, movesText(c) || "–"]),
  "(problem, model) pairs whose pass-rate category (0, (0,1), 1) changes between adjacent budgets",
)}
</section>`;
}
