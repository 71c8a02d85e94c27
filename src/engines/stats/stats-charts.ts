import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { PASS_RATE_BUCKETS, type RunStats } from "./compute-stats.js";

/** Renders a Vega-Lite spec to an SVG string, headless (no browser, no canvas). */
export async function vegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const shortName = (model: string) => model.slice(model.lastIndexOf("/") + 1);
const base = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", config: { font: "sans-serif", view: { stroke: null } } } as const;

/** Pass-rate histogram, one bar group per bucket, one bar per model. */
export function passRateHistogramSvg(stats: Pick<RunStats, "passRates"> & Partial<Pick<RunStats, "passRateBins">>): Promise<string> {
  const bins = stats.passRateBins ?? [...PASS_RATE_BUCKETS];
  const values = stats.passRates.flatMap((p) => p.histogram.map((n, i) => ({ model: shortName(p.model), bucket: bins[i], problems: n })));
  return vegaLiteSvg({
    ...base,
    title: "Pass rate per (problem, model)",
    width: 520,
    height: 220,
    data: { values },
    mark: "bar",
    encoding: {
      x: { field: "bucket", type: "ordinal", sort: bins, title: "pass rate", axis: { labelAngle: 0 } },
      xOffset: { field: "model" },
      y: { field: "problems", type: "quantitative", title: "problems" },
      color: { field: "model", type: "nominal", title: null, legend: { orient: "bottom", columns: 2 } },
    },
  } as TopLevelSpec);
}

/** Problems per level, stacked by domain (the math/code mix). */
export function levelSizesSvg(stats: Pick<RunStats, "levels">): Promise<string> {
  const values = stats.levels.flatMap((l) => [
    { level: l.level, domain: "math", problems: l.math },
    { level: l.level, domain: "code", problems: l.code },
  ]);
  return vegaLiteSvg({
    ...base,
    title: "Problems per level",
    width: 320,
    height: 200,
    data: { values },
    mark: "bar",
    encoding: {
      // The levels in the order given (the policy's), not by name.
      x: { field: "level", type: "nominal", title: null, sort: stats.levels.map((l) => l.level), axis: { labelAngle: 0 } },
      y: { field: "problems", type: "quantitative", stack: "zero" },
      color: { field: "domain", type: "nominal", scale: { domain: ["math", "code"] }, legend: { orient: "bottom" } },
    },
  } as TopLevelSpec);
}

/** Completion tokens spent per model, with the truncation rate in the tooltip-free label. */
export function tokensSvg(stats: Pick<RunStats, "rollouts">): Promise<string> {
  const values = stats.rollouts.map((r) => ({ model: shortName(r.model), tokens: r.completion_tokens, truncated: `${(r.truncation_rate * 100).toFixed(1)}% truncated` }));
  return vegaLiteSvg({
    ...base,
    title: "Completion tokens per model",
    width: 420,
    height: { step: 24 },
    data: { values },
    layer: [
      { mark: "bar", encoding: { y: { field: "model", type: "nominal", title: null }, x: { field: "tokens", type: "quantitative", title: "completion tokens" } } },
      { mark: { type: "text", align: "left", dx: 4 }, encoding: { y: { field: "model", type: "nominal" }, x: { field: "tokens", type: "quantitative" }, text: { field: "truncated" } } },
    ],
  } as TopLevelSpec);
}

/** Budgets as trainers name them: 16384 is "16k" (multiples of 1024), others with separators. */
const KIBI_LABEL = "datum.value % 1024 === 0 ? (datum.value / 1024) + 'k' : format(datum.value, ',')";

/**
 * Mean pass rate against token budget, one line per model (points at the budgets of budget_pass_rates).
 * The spec alone, so the report can render it with its own ids.
 */
export function budgetChartSpec(budgets: NonNullable<RunStats["budgets"]>): TopLevelSpec {
  const values = budgets.models.flatMap((m) => budgets.budgets.map((budget, i) => ({ model: shortName(m.model), budget, pass_rate: m.mean_pass_rate[i] })));
  return {
    ...base,
    title: "Mean pass rate at each token budget",
    width: 420,
    height: 220,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "budget", type: "quantitative", title: "completion-token budget", axis: { values: budgets.budgets, labelExpr: KIBI_LABEL, labelAngle: 0 }, scale: { zero: false } },
      y: { field: "pass_rate", type: "quantitative", title: "mean pass rate", scale: { domain: [0, 1] } },
      color: { field: "model", type: "nominal", title: null, sort: budgets.models.map((m) => shortName(m.model)), legend: { orient: "bottom", columns: 2, labelLimit: 240 } },
    },
  } as TopLevelSpec;
}

/** Every chart that has data, by file name. */
export async function statsCharts(stats: RunStats): Promise<Record<string, string>> {
  const charts: Record<string, string> = {};
  if (stats.passRates.length) charts["pass-rates.svg"] = await passRateHistogramSvg(stats);
  if (stats.levels.length) charts["levels.svg"] = await levelSizesSvg(stats);
  if (stats.rollouts.length) charts["tokens.svg"] = await tokensSvg(stats);
  if (stats.budgets && stats.budgets.budgets.length > 1) charts["budgets.svg"] = await vegaLiteSvg(budgetChartSpec(stats.budgets));
  return charts;
}
