import { fmtInt, fmtPct, html, shortModel, type SafeHtml } from "./html.js";
import type { ReportData } from "./report-data.js";
import { renderFacts, renderFigure, renderTable } from "./render-table.js";

const params = (p: Record<string, unknown>) =>
  Object.entries(p)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");

export function renderProvenance({ provenance: p }: ReportData): SafeHtml {
  return html`<section id="provenance"><h2>Provenance</h2>
${renderFacts("provenance-facts", [
  ["pipeline", p.pipeline ?? "(not given)"],
  ["pipeline file", p.pipelineFile],
  ["description", p.description],
  ["run folder", p.run],
  ["run created", p.createdAt],
  ["run updated", p.updatedAt],
  ["report built", p.generatedAt],
  ["rungs", p.rungsVersion],
  ["staging policy", p.policy],
  ["sampling", params(p.sampling)],
])}
${renderTable("models-table", ["model", "served as", "api", "sampling parameters", "simulated"], p.models.map((m) => [m.id, m.servedName ?? "", m.api ?? "", params(m.params), m.simulated ? params(m.simulated) : ""]), "Models")}
${renderTable("verifiers-table", ["verifier", "rollouts judged"], p.verifiers.map((v) => [v.verifier, v.rollouts]), "Verifiers")}
${renderTable("versions-table", ["component", "version"], Object.entries(p.versions).sort().map(([k, v]) => [k, v]), "Versions recorded by the steps")}
${renderTable("steps-table", ["step", "status", "started", "finished", "seconds", "counts"], p.steps.map((s) => [s.step, s.status, s.startedAt, s.finishedAt, s.seconds, Object.entries(s.counts).map(([k, v]) => `${k}=${v}`).join(" ")]), "Steps (manifest.json)")}
</section>`;
}

export function renderPassRates({ stats, distribution, charts }: ReportData): SafeHtml {
  return html`<section id="pass-rates"><h2>Pass rates</h2>
${stats.passRates.length ? "" : html`<p class="empty">No difficulty or rollouts yet.</p>`}
${stats.adaptive ? html`<p class="note">Adaptive sampling: where it stopped early a pass rate is computed from the samples drawn and only its category (0, in between, 1) is meaningful; see sampling_decisions.</p>` : ""}
${renderFigure(charts["pass-rates"], stats.passRateBins.length <= 21 && stats.samplesPerPair ? `Problems per pass rate, one histogram per model: one bar per possible rate k/${stats.samplesPerPair} (${stats.samplesPerPair} samples per pair${stats.adaptive ? "; pairs adaptive sampling stopped early sit at the nearest k/n, never at 0 or 1 unless exact" : ""}).` : "Problems per pass-rate bucket, one histogram per model (0 and 1 are exact).")}
${renderTable("pass-rates-table", ["model", "problems", "mean pass rate", ...stats.passRateBins], stats.passRates.map((r) => [r.model, r.problems, r.mean_pass_rate, ...r.histogram]))}
${renderFigure(charts["heat-maps"], "Each map crosses two neighbouring models (weakest first), one cell per pass-rate bin. Number: problems in the cell (colour: the same, log scale); below it in red, the level combination most of them were staged in (e.g. 12 = L1+L2; none: dropped or in no level). The policy's levels are regions of these maps.")}
${distribution.heatMaps.length ? "" : html`<p class="empty">Heat maps need pass rates of at least two models.</p>`}
</section>`;
}

export function renderLevels({ stats, distribution, charts }: ReportData): SafeHtml {
  return html`<section id="levels"><h2>Levels</h2>
${stats.levels.length ? "" : html`<p class="empty">Nothing staged yet.</p>`}
<div class="row">${renderFigure(charts.levels, "Problems per level by domain.")}${renderFigure(charts.combos, "Levels overlap: problems by the exact set of levels they are in.")}</div>
<div class="row">${renderTable("levels-table", ["level", "problems", "math", "code", "math share"], stats.levels.map((l) => [l.level, l.problems, l.math, l.code, fmtPct(l.math / (l.math + l.code || 1))]))}</div>
<div class="row">${renderTable("overlaps-table", ["level", "level", "problems in both"], stats.overlaps.map((o) => [o.a, o.b, o.problems]), "Overlaps")}
${renderTable("combos-table", ["levels", "problems", "math", "code"], distribution.combos.map((c) => [c.levels, c.problems, c.math, c.code]), "Level combinations")}</div>
${renderFigure(charts.mix, "Math/code share per level and per curriculum stage.")}
${renderTable(
  "stages-table",
  ["stage", "levels", "math", "code", "math:code", "target"],
  distribution.stages.map((s) => [s.stage, s.levels.join(", "), s.math, s.code, s.code ? `${(s.math / s.code).toFixed(2)}:1` : "–", s.targetMix ? `${(s.targetMix.math / s.targetMix.code).toFixed(2)}:1` : "none"]),
  "Curriculum stages (distinct problems available to each stage)",
)}
</section>`;
}

/** Adaptive sampling's own accounting (sampling_decisions): spent against full sampling, per model. */
function renderSavings({ stats, review }: ReportData): SafeHtml | undefined {
  const s = stats.adaptive;
  if (!s) return undefined;
  const row = (name: string, m: typeof s.total) => [name, `${fmtInt(m.samples)} / ${fmtInt(m.samples_full)}`, `${fmtInt(m.requests)} / ${fmtInt(m.requests_full)}`, m.completion_tokens, m.completion_tokens_full_estimate, fmtPct(m.token_share)];
  return html`${renderTable("adaptive-table", ["model", "samples drawn / full", "requests / full", "completion tokens", "full sampling (estimate)", "share spent"], [...Object.entries(s.models).sort(([a], [b]) => review.models.indexOf(a) - review.models.indexOf(b)).map(([k, m]) => row(k, m)), row("total", s.total)], "Adaptive sampling: spent against full sampling")}
<p class="note">Full sampling's tokens are an estimate (undrawn samples at the model's mean tokens per drawn sample). Pass rates of problems where sampling stopped early are categories (0, in between, 1), not exact rates.</p>`;
}

export function renderCost(data: ReportData): SafeHtml {
  const { cost, charts } = data;
  const total = (key: "samples" | "promptTokens" | "completionTokens" | "requests") => cost.models.reduce((n, m) => n + m[key], 0);
  const a = cost.adaptive;
  return html`<section id="cost"><h2>Cost</h2>
${cost.models.length ? "" : html`<p class="empty">No rollouts yet.</p>`}
${renderFigure(charts.cost, "Prompt and completion tokens per model.")}
${renderTable(
  "cost-table",
  ["model", "samples", "requests", "prompt tokens", "completion tokens", "mean completion", "truncated"],
  [
    ...cost.models.map((m) => [m.model, m.samples, m.requestsEstimated ? `≈${fmtInt(m.requests)}` : m.requests, m.promptTokens, m.completionTokens, m.meanCompletionTokens === null ? null : Math.round(m.meanCompletionTokens), fmtPct(m.truncationRate)]),
    ...(cost.models.length > 1 ? [["total", total("samples"), total("requests"), total("promptTokens"), total("completionTokens"), "", fmtPct(cost.models.reduce((n, m) => n + m.truncationRate * m.samples, 0) / (total("samples") || 1))]] : []),
  ],
)}
<p class="note">Requests marked ≈ are estimated: the request chunks (sampling.requestSize) of every (problem, model) sampled, as the manifest holds only the last sample run's figures. Prompt tokens count each request's prompt once (a request of n samples, or each chunk of one split for the server's bound on n), not once per sample. Truncated: samples cut at max_tokens.</p>
${renderSavings(data) ?? (a ? renderFacts("adaptive-facts", [
  ["sampling mode", cost.mode],
  ["samples of a full run", a.fullSamples],
  ["samples drawn", a.drawnSamples],
  ["samples saved", `${fmtInt(a.savedSamples)} (${fmtPct(a.savedSamples / (a.fullSamples || 1))})`],
  ["completion tokens saved (estimate)", a.savedTokensEstimate],
  ...Object.entries(a.recorded ?? {}).map(([k, v]): [string, string] => [`recorded: ${k}`, typeof v === "object" ? JSON.stringify(v) : String(v)]),
])  : html`<p class="note">Sampling mode ${cost.mode}: every (problem, model) got its ${cost.samplesPerPair ?? "configured"} samples, nothing saved.</p>`)}
</section>`;
}

export function renderCuration({ curation: c, stats }: ReportData): SafeHtml {
  const reasons = [...new Set(c.sources.flatMap((s) => Object.keys(s.removed)))].sort();
  const removed = ["duplicate", "near_duplicate", "contaminated", "invalid", "ungradable", "broken_tests", "weak_tests"].filter((k) => c.curateCounts[k] !== undefined);
  return html`<section id="curation"><h2>Curation</h2>
${renderFacts("curation-facts", [
  ["problems kept", stats.problems.total],
  ...removed.map((k): [string, number] => [`${k.replace("_", "-")} removed`, c.curateCounts[k]]),
  ["decontaminated against", Object.entries(c.evalSets).map(([k, v]) => `${k} (${fmtInt(v)} problems)`).join(", ")],
])}
${renderTable("sources-table", ["source", "read", "ingested", "kept", "math", "code", ...reasons], c.sources.map((s) => [s.source, s.read ?? null, s.ingested ?? null, s.kept, s.math, s.code, ...reasons.map((r) => s.removed[r] ?? 0)]), "Per source (removed rows by reason)")}
${renderTable("quarantine-table", ["file", "reason", "rows"], c.reasons.map((r) => [r.file, r.reason, r.rows]), "Quarantine (rejected rows are kept in quarantine/*.jsonl with their reason)")}
${c.examples.length ? renderTable("quarantine-examples", ["reason", "source", "row", "detail"], c.examples.map((e) => [e.reason, e.source, e.sourceId, e.detail]), "A few quarantined rows per reason") : ""}
</section>`;
}

export function renderSummary({ stats, cost, provenance }: ReportData): SafeHtml {
  const tokens = cost.models.reduce((n, m) => n + m.promptTokens + m.completionTokens, 0);
  const kpi = (label: string, value: string, id: string) => html`<div class="kpi" id="${id}"><b>${value}</b><span>${label}</span></div>`;
  return html`<div class="kpis">
${kpi("problems", fmtInt(stats.problems.total), "kpi-problems")}
${kpi("models", fmtInt(provenance.models.length), "kpi-models")}
${kpi("rollouts", fmtInt(cost.models.reduce((n, m) => n + m.samples, 0)), "kpi-rollouts")}
${kpi("tokens", fmtInt(tokens), "kpi-tokens")}
${kpi("levels", stats.levels.map((l) => `${l.level} ${fmtInt(l.problems)}`).join(" · ") || "–", "kpi-levels")}
${kpi("quarantined", fmtInt(stats.quarantine.reduce((n, q) => n + q.rows, 0)), "kpi-quarantined")}
</div>
<p class="models">${provenance.models.map((m) => html`<span class="chip" title="${m.id}">${shortModel(m.id)}</span>`)}</p>`;
}
