import { createHash } from "node:crypto";
import { html, raw, type SafeHtml } from "./html.js";
import type { ReportData } from "./report-data.js";
import { renderExamples } from "./render-examples.js";
import { renderJudge } from "./render-judge.js";
import { renderReview } from "./render-review.js";
import { CODE_STYLES, katexStyles } from "./render-rich-text.js";
import { renderBudgets } from "./render-budgets.js";
import { renderCost, renderCuration, renderLevels, renderPassRates, renderProvenance, renderSummary } from "./render-sections.js";

const CSS = `
:root{--fg:#1d2330;--muted:#5d6678;--line:#dde1e8;--ok:#1a7f37;--bad:#c4302b;--bg2:#f6f8fa}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,sans-serif;color:var(--fg);margin:0 auto;max-width:1360px;padding:0 20px 60px}
header.top{border-bottom:2px solid var(--fg);padding:16px 0 8px}header.top h1{margin:0;font-size:22px}header.top p{margin:4px 0;color:var(--muted)}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:6px 0;z-index:1}nav a{margin-right:14px;color:var(--fg)}
h2{border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:32px}h3 small{color:var(--muted);font-weight:normal}
table{border-collapse:collapse;margin:10px 0;font-size:13px}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.empty,p.empty{color:var(--muted);font-style:italic}.note{color:var(--muted);font-size:12px}
figure{margin:10px 0;display:inline-block;vertical-align:top}figure svg{max-width:100%;height:auto}figcaption{color:var(--muted);font-size:12px;max-width:640px}
.row{display:flex;flex-wrap:wrap;gap:24px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.kpi{border:1px solid var(--line);border-radius:6px;padding:8px 14px;background:var(--bg2)}
.kpi b{display:block;font-size:18px}.kpi span{color:var(--muted);font-size:12px}
.chip{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 8px;font-size:12px;background:#fff;margin:1px}
.chip.math{background:#e3ecf7}.chip.code{background:#fdebd9}
article.example{border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:12px 0}
article.example header{font-size:12px;color:var(--muted)}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg2);padding:8px;border-radius:4px;margin:6px 0;font-size:12.5px;max-height:28em;overflow:auto}
.completions{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:4px 16px}
.completion{border-left:4px solid var(--line);padding-left:10px;margin:10px 0}.completion.ok{border-color:var(--ok)}.completion.bad{border-color:var(--bad)}
.completion.ok .verdict{color:var(--ok);font-weight:600}.completion.bad .verdict{color:var(--bad);font-weight:600}
mark{background:#ffe066;padding:0 2px}.omitted{color:var(--muted);font-style:italic}
#example-filter{display:flex;flex-wrap:wrap;gap:16px;align-items:center;background:var(--bg2);padding:8px;border-radius:6px;position:sticky;top:34px;z-index:1}#example-filter[hidden]{display:none}
.dist{display:inline-flex;width:160px;height:12px;border:1px solid var(--line);vertical-align:middle}.dist span{display:block;height:100%}
.dist .d0{background:#c4302b}.dist .dm{background:#f2b84b}.dist .d1{background:#1a7f37}
section.level[hidden]{display:none}
#review td:nth-child(-n+3){white-space:nowrap}
div.prompt{white-space:pre-wrap;overflow-wrap:anywhere;padding:8px;margin:6px 0;font-size:14px;line-height:1.6}
details.source summary{color:var(--muted);font-size:12px}.typeset{margin-left:8px}
pre.code{white-space:pre;overflow:auto;max-height:32em;background:#f6f8fa;border:1px solid var(--line)}
`;

/** Light filtering by source and domain; without JS the form stays hidden and every example shows. */
const JS = `
(function(){
  var form=document.getElementById('example-filter');if(!form)return;form.hidden=false;
  var cards=[].slice.call(document.querySelectorAll('article.example'));
  var groups=[].slice.call(document.querySelectorAll('section.level'));
  function apply(){
    var s=form.elements.source.value,d=form.elements.domain.value,l=form.elements.list.value,shown=0;
    cards.forEach(function(c){var ok=(!s||c.dataset.source===s)&&(!d||c.dataset.domain===d)&&(!l||c.dataset.level===l);c.hidden=!ok;if(ok)shown++;});
    groups.forEach(function(g){
      g.hidden=!!l&&g.dataset.level!==l;
      var any=g.querySelector('article.example:not([hidden])');g.querySelector('.filtered-out').hidden=!!any;});
    document.getElementById('example-count').textContent=shown+' of '+cards.length+' examples';
  }
  form.addEventListener('change',apply);form.addEventListener('submit',function(e){e.preventDefault();});
  [].slice.call(document.querySelectorAll('a.review-link')).forEach(function(a){a.addEventListener('click',function(){
    form.elements.source.value='';form.elements.domain.value='';form.elements.list.value=a.dataset.list;apply();});});
})();
`;

// Only our own script may run, even if some text ever slipped through unescaped; nothing may be fetched.
const SCRIPT_HASH = `sha256-${createHash("sha256").update(JS).digest("base64")}`;

/** The whole page: one self-contained file (inline CSS, SVG and JS; nothing fetched). */
export function renderReportPage(data: ReportData): string {
  const p = data.provenance;
  const title = `rungs report · ${p.pipeline ?? p.run}`;
  const page: SafeHtml = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; img-src data:; font-src data:">
<title>${title}</title><style>${raw(CSS)}${raw(CODE_STYLES)}</style><style>${raw(katexStyles())}</style></head>
<body>
<header class="top"><h1>${title}</h1><p>${p.description ?? ""}</p><p>run folder <code>${p.run}</code> · built ${p.generatedAt} · rungs ${p.rungsVersion}</p></header>
<nav><a href="#review">Review</a><a href="#provenance">Provenance</a><a href="#pass-rates">Pass rates</a><a href="#budgets">Token budgets</a><a href="#levels">Levels</a><a href="#cost">Cost</a><a href="#curation">Curation</a>${data.judge ? html`<a href="#judge">Judge</a>` : ""}<a href="#examples">Examples</a></nav>
${renderSummary(data)}
${renderReview(data)}
${renderProvenance(data)}
${renderPassRates(data)}
${renderBudgets(data)}
${renderLevels(data)}
${renderCost(data)}
${renderCuration(data)}
${renderJudge(data.judge)}
${renderExamples(data)}
<script>${raw(JS)}</script>
</body></html>
`;
  return page.value;
}
