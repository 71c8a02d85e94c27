/** Markup that is already safe to embed (built by `html` or `raw`). Anything else is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Trusted markup (our own templates and SVG rendered by Vega): never pass data through this. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * Template tag that escapes every interpolated value unless it is SafeHtml: problem statements and
 * completions are untrusted, so escaping is the default and opting out is explicit.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Formats a count with thousands separators. */
export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en-US");
}

/** Formats a share in [0, 1] as a percentage. */
export function fmtPct(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? "–" : `${(share * 100).toFixed(digits)}%`;
}

/** The part of a model id after its organisation (charts have little room). */
export function shortModel(model: string): string {
  return model.slice(model.lastIndexOf("/") + 1);
}
