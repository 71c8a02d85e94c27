import { html, raw, type SafeHtml } from "./html.js";

export type Cell = string | number | SafeHtml | null | undefined;

/** A table with a header row; numbers are right-aligned and formatted with thousands separators. */
export function renderTable(id: string, header: string[], rows: Cell[][], caption?: string): SafeHtml {
  const cell = (c: Cell) =>
    typeof c === "number" ? html`<td class="num">${Number.isInteger(c) ? c.toLocaleString("en-US") : c.toFixed(3)}</td>` : html`<td>${c ?? "–"}</td>`;
  return html`<table id="${id}">${caption ? html`<caption>${caption}</caption>` : ""}<thead><tr>${header.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows.length ? rows.map((r) => html`<tr>${r.map(cell)}</tr>\n`) : html`<tr><td colspan="${header.length}" class="empty">none</td></tr>`}</tbody></table>`;
}

/** A chart (inline SVG rendered at build time) in a figure. */
export function renderFigure(svg: string | undefined, caption: string): SafeHtml {
  return svg ? html`<figure>${raw(svg)}<figcaption>${caption}</figcaption></figure>` : html``;
}

/** A definition list of label → value pairs. */
export function renderFacts(id: string, facts: [string, Cell][]): SafeHtml {
  return html`<dl class="facts" id="${id}">${facts.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => html`<dt>${k}</dt><dd>${typeof v === "number" ? v.toLocaleString("en-US") : (v ?? "–")}</dd>`)}</dl>`;
}
