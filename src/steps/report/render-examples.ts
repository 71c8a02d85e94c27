import { fmtInt, fmtPct, html, shortModel, type SafeHtml } from "./html.js";
import type { ReportData } from "./report-data.js";
import { exampleAnchor } from "./render-review.js";
import { looksLikeTex, renderAnswer, renderCode, renderMathText } from "./render-rich-text.js";
import type { ExampleCompletion, ExampleProblem } from "./sample-examples.js";

/** The final part with the verifier's extracted answer marked (its last occurrence: the one a verifier reads). */
export function highlightAnswer(final: string, extracted: string | null): SafeHtml {
  const at = extracted ? final.lastIndexOf(extracted) : -1;
  if (!extracted || at < 0) return html`${final}`;
  return html`${final.slice(0, at)}<mark>${extracted}</mark>${final.slice(at + extracted.length)}`;
}

const more = (n: number, what: string) => (n > 0 ? html`<span class="omitted">… ${fmtInt(n)} ${what} omitted …</span>` : "");

/** The verifier's extracted answer: code with its lines (highlighted), math as written and typeset. */
function renderExtracted(extracted: string | null, domain: string): SafeHtml {
  if (extracted === null) return html`<div class="extracted">extracted: <i>none</i></div>`;
  if (domain === "code") return html`<div class="extracted">extracted code:</div>${renderCode(extracted)}`;
  return html`<div class="extracted">extracted: <mark>${extracted}</mark>${looksLikeTex(extracted) ? html` <span class="typeset">${renderAnswer(extracted)}</span>` : ""}</div>`;
}

function renderCompletion(c: ExampleCompletion, domain: string): SafeHtml {
  const ok = c.verdict === "correct";
  const reasoningChars = c.reasoningHead.length + c.reasoningTail.length + c.reasoningOmitted;
  return html`<div class="completion ${ok ? "ok" : "bad"}" data-model="${c.model}">
<div class="meta"><b title="${c.model}">${shortModel(c.model)}</b> · sample ${c.sampleIndex} · <span class="verdict">${c.verdict}</span> · score ${c.score.toFixed(2)} · ${c.finishReason}${c.completionTokens !== null ? ` · ${fmtInt(c.completionTokens)} tokens` : ""}</div>
${c.hashOnly ? html`<p class="note">Only the completion's hash was kept (keepCompletions: false).</p>` : ""}
${reasoningChars > 0 ? html`<details><summary>reasoning (${fmtInt(reasoningChars)} characters)</summary><pre>${c.reasoningHead}${c.reasoningOmitted ? html`\n${more(c.reasoningOmitted, "characters")}\n` : ""}${c.reasoningTail}</pre></details>` : ""}
${c.final || c.finalOmitted ? html`<pre class="final">${c.finalOmitted ? html`${more(c.finalOmitted, "characters")}\n` : ""}${highlightAnswer(c.final, c.extracted)}</pre>` : ""}
${renderExtracted(c.extracted, domain)}
</div>`;
}

function renderProblem(p: ExampleProblem, level: string): SafeHtml {
  return html`<article class="example" id="${exampleAnchor(level, p.id)}" data-source="${p.source}" data-domain="${p.domain}" data-level="${level}" data-id="${p.id}">
<header><span class="chip ${p.domain}">${p.domain}</span> <span class="source">${p.source}</span> <code>${p.id}</code></header>
<div class="prompt">${renderMathText(p.prompt)}${p.promptChars > p.prompt.length ? html`\n${more(p.promptChars - p.prompt.length, "characters")}` : ""}</div>
<details class="source"><summary>prompt as stored (LaTeX source)</summary><pre>${p.prompt}</pre></details>
${p.domain === "math" ? html`<div class="truth">ground truth: <mark>${p.answer ?? "(none)"}</mark>${p.answer && looksLikeTex(p.answer) ? html` <span class="typeset">${renderAnswer(p.answer)}</span>` : ""}</div>` : ""}
${p.tests ? html`<details class="tests"><summary>tests (${fmtInt(p.testsChars)} characters of JSON)</summary><pre>${p.tests}${p.testsChars > p.tests.length ? html`\n${more(p.testsChars - p.tests.length, "characters")}` : ""}</pre></details>` : ""}
${p.passRates.length ? html`<p class="rates">${p.passRates.map((r) => html`<span class="chip" title="${r.model}">${shortModel(r.model)} ${fmtPct(r.passRate, 0)} (${r.passes}/${r.samples})</span> `)}</p>` : ""}
<div class="completions">${p.completions.map((c) => renderCompletion(c, p.domain))}</div>
</article>`;
}

export function renderExamples({ examples, stats }: ReportData): SafeHtml {
  const problems = examples.flatMap((g) => g.problems);
  const sources = [...new Set(problems.map((p) => p.source))].sort();
  const domains = [...new Set(problems.map((p) => p.domain))].sort();
  const sizes = new Map(stats.levels.map((l) => [l.level, l.problems]));
  return html`<section id="examples"><h2>Examples</h2>
<p class="note">A seeded sample per level (the same seed shows the same problems), then the first problems of each review list; completions alternate correct and wrong samples. Reasoning is collapsed; the verifier's extracted answer is highlighted.</p>
<form id="example-filter" hidden>
<label>source <select name="source"><option value="">all sources</option>${sources.map((s) => html`<option>${s}</option>`)}</select></label>
<label>domain <select name="domain"><option value="">all domains</option>${domains.map((d) => html`<option>${d}</option>`)}</select></label>
<label>list <select name="list"><option value="">every level and review list</option>${examples.map((g) => html`<option>${g.level}</option>`)}</select></label>
<output id="example-count">${problems.length} of ${problems.length} examples</output>
</form>
${problems.length ? "" : html`<p class="empty">No problems to show.</p>`}
${examples.map(
  (g) => html`<section class="level" data-level="${g.level}"><h3>${g.level} <small>${sizes.has(g.level) ? `${fmtInt(sizes.get(g.level))} problems, ` : ""}showing ${g.problems.length}</small></h3>
${g.problems.map((p) => renderProblem(p, g.level))}
<p class="empty filtered-out" hidden>No example of this level matches the filter.</p>
</section>`,
)}
</section>`;
}
