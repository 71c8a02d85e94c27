import { fmtInt, fmtPct, html, shortModel, type SafeHtml } from "./html.js";
import { REVIEW_GROUPS, type ReviewList, type ReviewRow } from "./collect-review.js";
import type { ReportData } from "./report-data.js";
import { renderFacts, renderTable, type Cell } from "./render-table.js";

/** The id of an example card, so review tables can link to the card with its completions. */
export function exampleAnchor(group: string, problemId: string): string {
  return `ex-${group.replace(/[^A-Za-z0-9]+/g, "-")}-${problemId.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

function problemCell(row: ReviewRow, group: string, shown: Set<string>): Cell {
  if (!shown.has(row.id)) return html`<code>${row.id}</code>`;
  return html`<a class="review-link" href="#${exampleAnchor(group, row.id)}" data-list="${group}"><code>${row.id}</code></a>`;
}

function renderList(id: string, list: ReviewList, models: string[], group: string, shown: Set<string>, whyHeader: string, caption: string): SafeHtml {
  const more = list.total > list.rows.length ? ` (first ${fmtInt(list.rows.length)} of ${fmtInt(list.total)}, by source and id)` : "";
  // One column per model, weakest first: passes/samples (adaptive runs stop some pairs early).
  const passesOf = (r: ReviewRow, model: string) => {
    const p = r.passes.find((x) => x.model === model);
    return p ? `${p.passes}/${p.samples}` : "–";
  };
  return renderTable(
    id,
    ["problem", "source", "domain", whyHeader, ...models.map(shortModel)],
    list.rows.map((r) => [problemCell(r, group, shown), r.source, r.domain, r.why, ...models.map((m) => passesOf(r, m))]),
    `${caption}: ${fmtInt(list.total)}${more}. Passes/samples per model, weakest first.`,
  );
}

/** A 0 / between / 1 bar: the shares of a source's problems a model never, sometimes and always solves. */
function distributionBar(zero: number, between: number, one: number): SafeHtml {
  const total = zero + between + one || 1;
  const seg = (n: number, cls: string, label: string) => (n ? html`<span class="${cls}" style="width:${((100 * n) / total).toFixed(1)}%" title="${label}: ${n}"></span>` : "");
  return html`<span class="dist">${seg(zero, "d0", "pass rate 0")}${seg(between, "dm", "in between")}${seg(one, "d1", "pass rate 1")}</span>`;
}

/**
 * The curator's review: what to check before training (suspect ground truths, dropped problems and
 * why, problems in no level), which sources are hard, and what each stage trains on against what it has.
 */
export function renderReview({ review: r, examples }: ReportData): SafeHtml {
  const shownIn = (group: string) => new Set(examples.find((g) => g.level === group)?.problems.map((p) => p.id) ?? []);
  const noLevelTotal = r.outcomes.filter((o) => o.outcome !== "in a level").reduce((n, o) => n + o.problems, 0);
  return html`<section id="review"><h2>Review before training</h2>
<p class="note">Problems worth a look before they train a model. Each list's first problems are in the example browser below with their completions (choose the list there, or follow a problem's link).</p>
${r.policyError ? html`<p class="empty">The staging policy could not be evaluated again (${r.policyError}): outcomes and drop rules are not shown.</p>` : ""}
${renderFacts("review-facts", [
  ["models by strength", r.models.map(shortModel).join(" < ")],
  ["policy", r.policy],
  ["suspect ground truths", r.suspect.total],
  ["dropped by the policy", r.dropped.total],
  ["problems in no level", `${fmtInt(noLevelTotal)}${noLevelTotal ? ` (${r.outcomes.filter((o) => o.outcome !== "in a level").map((o) => `${fmtInt(o.problems)} ${o.outcome}`).join(", ")})` : ""}`],
])}
${renderTable("outcomes-table", ["outcome", "problems", "math", "code"], r.outcomes.map((o) => [o.outcome, o.problems, o.math, o.code]), "Where every kept problem ended up")}
${renderList("suspect-table", r.suspect, r.models, REVIEW_GROUPS.suspect, shownIn(REVIEW_GROUPS.suspect), "why suspect", "Suspect ground truths or tests (every model scores 0, or only the strongest model passes, once)")}
${renderTable("drop-rules-table", ["drop rule", "problems"], r.dropped.byRule.map((d) => [d.rule, d.problems]), "Dropped problems by rule")}
${renderList("dropped-table", r.dropped, r.models, REVIEW_GROUPS.dropped, shownIn(REVIEW_GROUPS.dropped), "rule", "Dropped problems")}
${renderList("no-level-table", r.noLevel, r.models, REVIEW_GROUPS.noLevel, shownIn(REVIEW_GROUPS.noLevel), "why in no level", "Problems in no level")}
<h3>Difficulty per source</h3>
${renderTable("source-review-table", ["source", "problems", "in a level", "in no level", "dropped", "suspect"], r.sources.map((s) => [s.source, s.problems, s.inLevel, s.noLevel, s.dropped, s.suspect]), "Per source")}
${renderTable(
  "source-difficulty-table",
  ["source", "model", "problems", "mean pass rate", "pass rate 0", "in between", "pass rate 1", "0 · between · 1"],
  r.sourceDifficulty.map((s) => [s.source, s.model, s.problems, fmtPct(s.meanPassRate), s.zero, s.between, s.one, distributionBar(s.zero, s.between, s.one)]),
  "Pass rates per source and model (models weakest first)",
)}
<h3>What each curriculum stage trains on</h3>
${renderTable(
  "stage-export-table",
  ["stage", "levels", "available", "exported", "left out (mix)", "cannot export", "why fewer"],
  r.stages.map((s) => [
    s.stage,
    s.levels,
    `${fmtInt(s.available.math + s.available.code)} (${fmtInt(s.available.math)} math, ${fmtInt(s.available.code)} code)`,
    s.exported ? `${fmtInt(s.exported.math + s.exported.code)} (${fmtInt(s.exported.math)} math, ${fmtInt(s.exported.code)} code)` : null,
    s.leftOut,
    s.skipped,
    s.why,
  ]),
  "Available (distinct staged problems in the stage's levels) against exported (rows in the trainer files)",
)}
</section>`;
}
