import type { JudgeAudit } from "../../engines/judge/judge-audit.js";
import { formatRate } from "../../engines/judge/render-audit.js";
import { html, type SafeHtml } from "./html.js";
import { renderTable } from "./render-table.js";

/** The judge section: the rule verifier against the judge (the `rungs audit` figures), when the pipeline has a judge. */
export function renderJudge(audit: JudgeAudit | undefined): SafeHtml {
  if (!audit) return html``;
  const { judge } = audit;
  return html`<section id="judge"><h2>Judge</h2>
<p>Judge <code>${judge.model}</code> (prompt ${judge.promptVersion}) reviews ${judge.reviews.join(", ")}${judge.sampleCorrect > 0 ? ` and ${(100 * judge.sampleCorrect).toFixed(1)}% of correct verdicts` : ""};
pass rates use ${judge.passRates === "judge" ? "the judge's reversals too" : "the rule alone"}. Rates: estimate [95% Wilson interval] of n, as the judge sees them.</p>
${renderTable(
  "judge-table",
  ["source", "model", "rejected", "reviewed", "reversed", "no opinion", "false-negative rate", "false-positive rate", "unparseable golds"],
  audit.groups.map((g) => [g.source, g.model, g.ruleRejected, g.reviewed, g.reversed, g.noOpinion, formatRate(g.falseNegativeRate), formatRate(g.falsePositiveRate), g.unparseableGoldProblems]),
  "Rule verifier against the judge, per source and model",
)}
${renderTable("judge-level-changes", ["source", "rule alone", "with the judge", "problems"], audit.levelChanges.map((c) => [c.source, c.rule, c.judge, c.problems]), `Staging outcome: ${audit.problemsChanged} of ${audit.problems} problems change with the judge (policy ${audit.policy})`)}
${renderTable(
  "judge-disagreements",
  ["source", "problem", "model", "sample", "rule", "judge", "gold", "answer"],
  audit.disagreements.map((d) => [d.source, d.problem_id, d.model, d.sample_index, d.rule_verdict, d.judge_opinion, d.gold, d.answer.slice(0, 300)]),
  `Disagreements (${audit.disagreements.length} of ${audit.disagreementsTotal}; rungs audit --limit 0 lists all)`,
)}
</section>`;
}
