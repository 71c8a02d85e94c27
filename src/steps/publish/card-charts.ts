import type { CardStats } from "./card-stats.js";

/** One chart file of the card: a path in the publish folder and its SVG text. */
export interface CardChart {
  path: string;
  title: string;
  svg: string;
}

export interface BarChartOptions {
  title: string;
  categories: string[];
  /** One bar per series within each category (grouped bars). */
  series: { name: string; values: number[] }[];
}

const COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"];

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A grouped bar chart as a self-contained SVG (no fonts or scripts to fetch, so the Hub renders it as is). */
export function barChartSvg({ title, categories, series }: BarChartOptions): string {
  const width = 640;
  const height = 320;
  const left = 48;
  const bottom = 260;
  const top = 40;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const groupWidth = (width - left - 16) / Math.max(1, categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, series.length);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${bottom}" x2="${width - 8}" y2="${bottom}" stroke="#333"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`,
  ];
  categories.forEach((category, c) => {
    const x0 = left + c * groupWidth + groupWidth * 0.1;
    series.forEach((s, i) => {
      const value = s.values[c] ?? 0;
      const h = ((bottom - top) * value) / max;
      parts.push(
        `<rect x="${(x0 + i * barWidth).toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[i % COLOURS.length]}"><title>${escapeXml(`${s.name} · ${category}: ${value}`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${(x0 + groupWidth * 0.4).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${escapeXml(category)}</text>`);
  });
  series.forEach((s, i) => {
    const y = bottom + 36 + Math.floor(i / 3) * 16;
    const x = left + (i % 3) * 190;
    parts.push(`<rect x="${x}" y="${y - 10}" width="10" height="10" fill="${COLOURS[i % COLOURS.length]}"/><text x="${x + 14}" y="${y}">${escapeXml(s.name)}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/** The card's charts: problems per level and domain, and how each reference model fared. */
export function cardCharts(stats: CardStats): CardChart[] {
  const levels = [...new Set(stats.levels.map((l) => l.level))];
  const domains = [...new Set(stats.levels.map((l) => l.domain))];
  const count = (level: string, domain: string) => stats.levels.find((l) => l.level === level && l.domain === domain)?.problems ?? 0;
  const charts: CardChart[] = [
    {
      path: "images/levels.svg",
      title: "Problems per level and domain",
      svg: barChartSvg({ title: "Problems per level and domain", categories: levels, series: domains.map((d) => ({ name: d, values: levels.map((l) => count(l, d)) })) }),
    },
  ];
  if (stats.models.length > 0) {
    charts.push({
      path: "images/pass-rates.svg",
      title: "Reference models: problems never, sometimes and always solved",
      svg: barChartSvg({
        title: "Reference models: pass rate 0, between, 1",
        categories: stats.models.map((m) => m.model.split("/").at(-1) ?? m.model),
        series: [
          { name: "pass rate 0", values: stats.models.map((m) => m.unsolved) },
          { name: "0 < pass rate < 1", values: stats.models.map((m) => m.partial) },
          { name: "pass rate 1", values: stats.models.map((m) => m.solved) },
        ],
      }),
    });
  }
  return charts;
}
