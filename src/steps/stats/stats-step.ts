import { defineStep } from "../step.js";
import { writeStats } from "./write-stats.js";

/** The `stats` step: the curator's report and charts in `stats/` (the CLI prints the report). */
export const statsStep = defineStep({
  name: "stats",
  summary: "Report problems, quarantine, pass rates, token budgets, levels, tokens; charts as SVG in stats/",
  options: {},
  // The policy decides the levels at each token budget; stage's roles come with `staged` (an input).
  resolve: (pipeline) => ({ stats: 1, policy: pipeline.policy ?? null }),
  hashed: ["stats", "policy"],
  inputs: () => ["problems", "quarantine", "rollouts", "difficulty", "budget_pass_rates", "staged", "sampling_decisions"],
  outputs: () => ["stats"],
  async run(ctx) {
    const { stats, report, files } = await writeStats(ctx.run, { pipeline: ctx.pipeline });
    return {
      counts: { problems: stats.problems.total, models: stats.passRates.length, levels: stats.levels.length, files: files.length },
      details: { report, files },
    };
  },
});
