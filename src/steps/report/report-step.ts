import { UsageError } from "../../core/errors.js";
import { defineStep } from "../step.js";
import { buildReport } from "./build-report.js";
import type { ReportOptions } from "./report-options.js";

export const REPORT_OPTIONS = {
  examples: { type: "string", flag: "--examples N", help: "problems shown per level (default 6)" },
  completions: { type: "string", flag: "--completions N", help: "completions shown per (problem, model) (default 2)" },
  seed: { type: "string", flag: "--seed N", help: "seed of the example sample (default 0)" },
  out: { type: "string", flag: "--out FILE", help: "write the page here instead of <run>/report/index.html" },
} as const;

/** A whole-number option, or undefined when not given. */
export function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`report: --${flag}: expected a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** The `report` step: `report/index.html`, one self-contained page a curator reads before training. */
export const reportStep = defineStep({
  name: "report",
  summary: "Write report/index.html: provenance, pass rates, token budgets, levels, cost, curation and example completions",
  options: REPORT_OPTIONS,
  resolve(pipeline, cli) {
    const options: ReportOptions = {
      examplesPerLevel: wholeNumber("examples", cli.examples),
      completionsPerModel: wholeNumber("completions", cli.completions),
      seed: wholeNumber("seed", cli.seed),
      out: cli.out,
    };
    const { name, description, models, sampling, policy, curriculum } = pipeline;
    return { report: 1, options, pipeline: { name, description, models, sampling, policy, curriculum } };
  },
  // The pipeline's parts the page shows (provenance, stages) are hashed: editing them rebuilds the page.
  hashed: ["report", "options", "pipeline"],
  // The tables the page shows; it is rebuilt when any changed (not manifest.json: this step's own record changes it).
  inputs: () => ["problems", "quarantine", "rollouts", "difficulty", "budget_pass_rates", "staged", "sampling_decisions", "stats"],
  outputs: (_ctx, settings) => [settings.options.out ?? "report/index.html"],
  async run(ctx, settings) {
    const { path, bytes, data } = await buildReport(ctx.run, { ...settings.options, pipeline: ctx.pipeline, progress: ctx.progress });
    return {
      counts: { bytes, charts: Object.keys(data.charts).length, examples: data.examples.reduce((n, g) => n + g.problems.length, 0) },
      details: { path },
      notes: [`report: open ${path}`],
    };
  },
});
