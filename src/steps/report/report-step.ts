import type { StepDefinition } from "../step.js";
import { buildReport } from "./build-report.js";
import type { ReportOptions } from "./report-options.js";

/** Options the CLI passes through `overrides` (strings from the command line). */
function optionsFrom(overrides: Record<string, unknown>): ReportOptions {
  const int = (key: string) => (overrides[key] === undefined ? undefined : Number(overrides[key]));
  return {
    examplesPerLevel: int("examples"),
    completionsPerModel: int("completions"),
    seed: int("seed"),
    out: typeof overrides.out === "string" ? overrides.out : undefined,
  };
}

/** The `report` step: `report/index.html`, one self-contained page a curator reads before training. */
export const reportStep: StepDefinition = {
  name: "report",
  summary: "Write report/index.html: provenance, pass rates, levels, cost, curation and example completions",
  // The pipeline's parts the page shows (provenance, stages) belong to the config: editing them rebuilds the page.
  config: (ctx) => {
    const { name, description, models, sampling, policy, curriculum } = ctx.pipeline;
    return { report: 1, options: optionsFrom(ctx.overrides), pipeline: { name, description, models, sampling, policy, curriculum } };
  },
  // The tables the page shows; it is rebuilt when any changed (not manifest.json: this step's own record changes it).
  inputs: () => ["problems", "quarantine", "rollouts", "difficulty", "staged", "sampling_decisions", "stats"],
  outputs: () => ["report/index.html"],
  async run(ctx) {
    const { path, bytes, data } = await buildReport(ctx.run, { ...optionsFrom(ctx.overrides), pipeline: ctx.pipeline, progress: ctx.progress });
    return {
      counts: { bytes, charts: Object.keys(data.charts).length, examples: data.examples.reduce((n, g) => n + g.problems.length, 0) },
      details: { path },
      notes: [`report: open ${path}`],
    };
  },
};
