import type { TopLevelSpec } from "vega-lite";
import type { RunStats } from "../../engines/stats/compute-stats.js";
import { vegaLiteSvg } from "../../engines/stats/stats-charts.js";
import type { Cost } from "./collect-cost.js";
import type { Distribution } from "./collect-distribution.js";
import { shortModel } from "./html.js";

const base = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", config: { font: "sans-serif", view: { stroke: null }, axis: { labelFontSize: 11 } } } as const;
const DOMAIN_COLORS = { domain: ["math", "code"], range: ["#4c78a8", "#f58518"] };

let counter = 0;
/**
 * Renders a spec to SVG and makes its ids unique: Vega numbers clip paths from 1 in every render,
 * so two charts inlined in one page would otherwise point at each other's clips.
 */
export async function chartSvg(spec: TopLevelSpec, label: string): Promise<string> {
  const svg = await vegaLiteSvg(spec);
  const prefix = `c${++counter}-`;
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}${id}"`)
    .replace(/^<svg /, `<svg role="img" aria-label="${label.replace(/[<>&"]/g, "")}" `);
}

/** One pass-rate histogram per model (small multiples with a shared scale). */
export function passRateFacets(stats: Pick<RunStats, "passRates" | "passRateBins">, order: string[] = stats.passRates.map((p) => p.model)): Promise<string> {
  const bins = stats.passRateBins;
  const values = stats.passRates.flatMap((p) => p.histogram.map((n, i) => ({ model: shortModel(p.model), bucket: bins[i], problems: n })));
  return chartSvg(
    {
      ...base,
      data: { values },
      facet: { row: { field: "model", type: "nominal", title: null, sort: order.map(shortModel), header: { labelAngle: 0, labelAlign: "left", labelFontWeight: "bold" } } },
      spec: {
        width: 460,
        height: 90,
        mark: { type: "bar", color: "#4c78a8" },
        encoding: {
          x: { field: "bucket", type: "ordinal", sort: bins, title: "pass rate", axis: { labelAngle: 0 } },
          y: { field: "problems", type: "quantitative", title: "problems" },
        },
      },
    } as TopLevelSpec,
    "pass-rate histogram per model",
  );
}

/**
 * Model-vs-model pass-rate heat maps, two per row so a cell stays readable at 1400 px: each cell shows its
 * problem count, and below it the level combination most of its problems got.
 */
export function heatMaps(distribution: Pick<Distribution, "heatMaps" | "bins">): Promise<string> {
  const maps = distribution.heatMaps;
  const bins = distribution.bins;
  const short = abbreviateLevels(maps.flatMap((m) => m.cells.map((c) => c.levels)));
  // The map's side grows with the bins so each cell keeps room for two short lines of text.
  const side = Math.max(300, Math.min(520, bins.length * 40));
  const big = side / bins.length >= 34;
  const charts = maps.map((map) => {
    // White text where the log-scaled blue gets dark: above about the geometric middle of the map's counts.
    const max = Math.max(1, ...map.cells.map((c) => c.problems));
    const dark = Math.max(2, Math.sqrt(max) * 1.5);
    return {
    title: { text: `${shortModel(map.yModel)} vs ${shortModel(map.xModel)}`, fontSize: 14 },
    width: side,
    height: side,
    data: { values: map.cells.map((c) => ({ x: bins[c.x], y: bins[c.y], problems: c.problems, levels: short(c.levels) })) },
    encoding: {
      x: { field: "x", type: "ordinal", sort: bins, scale: { domain: bins }, title: `${shortModel(map.xModel)} pass rate`, axis: { labelAngle: 0, labelFontSize: 12, titleFontSize: 13 } },
      y: { field: "y", type: "ordinal", sort: [...bins].reverse(), scale: { domain: [...bins].reverse() }, title: `${shortModel(map.yModel)} pass rate`, axis: { labelFontSize: 12, titleFontSize: 13 } },
    },
    layer: [
      { mark: { type: "rect", stroke: "#fff", strokeWidth: 1 }, encoding: { color: { field: "problems", type: "quantitative", scale: { type: "log", scheme: "blues" }, title: "problems", legend: null } } },
      {
        mark: { type: "text", fontSize: big ? 13 : 11, fontWeight: "bold", dy: big ? -6 : 0 },
        encoding: { text: { field: "problems" }, color: { condition: { test: `datum.problems >= ${dark}`, value: "#fff" }, value: "#1d2330" } },
      },
      ...(big ? [{ mark: { type: "text", fontSize: 10, dy: 9 }, encoding: { text: { field: "levels" }, color: { condition: { test: `datum.problems >= ${dark}`, value: "#ffd0d0" }, value: "#b30000" } } }] : []),
    ],
    };
  });
  return chartSvg({ ...base, concat: charts, columns: 2, spacing: 40, resolve: { scale: { color: "independent" } } } as unknown as TopLevelSpec, "pass-rate heat maps of neighbouring models");
}

/**
 * Cell labels must fit a 20px cell: a prefix every level name shares is dropped and the rest joined
 * without separators ("L1+L2" → "12") when the remaining names are single characters.
 */
export function abbreviateLevels(combos: string[]): (combo: string) => string {
  const names = [...new Set(combos.flatMap((c) => (c ? c.split("+") : [])))];
  let prefix = names[0] ?? "";
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const rest = names.map((n) => n.slice(prefix.length));
  if (!names.length || rest.some((r) => r.length !== 1)) return (combo) => combo;
  return (combo) => combo.split("+").map((n) => n.slice(prefix.length)).join("");
}

/** Problems per exact level combination: how the overlapping levels share problems. */
export function levelCombos(distribution: Pick<Distribution, "combos">): Promise<string> {
  const values = distribution.combos.flatMap((c) => [
    { levels: c.levels, domain: "math", problems: c.math },
    { levels: c.levels, domain: "code", problems: c.code },
  ]);
  return chartSvg(
    {
      ...base,
      title: "Problems per level combination",
      width: 380,
      height: { step: 22 },
      data: { values },
      mark: "bar",
      encoding: {
        y: { field: "levels", type: "nominal", title: null, sort: distribution.combos.map((c) => c.levels) },
        x: { field: "problems", type: "quantitative", stack: "zero" },
        color: { field: "domain", type: "nominal", scale: DOMAIN_COLORS, legend: { orient: "bottom", title: null } },
      },
    } as TopLevelSpec,
    "problems per level combination",
  );
}

/** Math/code share of every level and every curriculum stage (normalised bars, counts in the labels). */
export function domainMix(stats: Pick<RunStats, "levels">, distribution: Pick<Distribution, "stages">): Promise<string> {
  const groups = [
    ...stats.levels.map((l) => ({ group: `level ${l.level}`, math: l.math, code: l.code })),
    ...distribution.stages.map((s) => ({ group: `stage ${s.stage}`, math: s.math, code: s.code })),
  ];
  const values = groups.flatMap((g) => [
    { group: g.group, domain: "math", problems: g.math },
    { group: g.group, domain: "code", problems: g.code },
  ]);
  return chartSvg(
    {
      ...base,
      title: "Math/code mix per level and stage",
      width: 380,
      height: { step: 22 },
      data: { values },
      mark: "bar",
      encoding: {
        y: { field: "group", type: "nominal", title: null, sort: groups.map((g) => g.group) },
        x: { field: "problems", type: "quantitative", stack: "normalize", title: "share", axis: { format: "%" } },
        color: { field: "domain", type: "nominal", scale: DOMAIN_COLORS, legend: { orient: "bottom", title: null } },
      },
    } as TopLevelSpec,
    "math and code share per level and stage",
  );
}

/** Prompt and completion tokens per model. */
export function costChart(cost: Pick<Cost, "models">): Promise<string> {
  const values = cost.models.flatMap((m) => [
    { model: shortModel(m.model), kind: "completion", tokens: m.completionTokens },
    { model: shortModel(m.model), kind: "prompt", tokens: m.promptTokens },
  ]);
  return chartSvg(
    {
      ...base,
      title: "Tokens per model",
      width: 380,
      height: { step: 24 },
      data: { values },
      mark: "bar",
      encoding: {
        y: { field: "model", type: "nominal", title: null, sort: cost.models.map((m) => shortModel(m.model)), axis: { labelLimit: 260 } },
        x: { field: "tokens", type: "quantitative", stack: "zero", title: "tokens" },
        color: { field: "kind", type: "nominal", scale: { domain: ["completion", "prompt"], range: ["#54a24b", "#b9ddb1"] }, legend: { orient: "bottom", title: null } },
      },
    } as TopLevelSpec,
    "tokens per model",
  );
}
