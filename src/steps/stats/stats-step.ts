import { defineStep } from "../step.js";
import { writeStats } from "./write-stats.js";

/** The `stats` step: the curator's report and charts in `stats/` (the CLI prints the report). */
export const statsStep = defineStep({
  name: "stats",
  summary: "Report problems, quarantine, pass rates, levels, tokens; charts as SVG in stats/",
  options: {},
  resolve: () => ({ stats: 1 }),
  hashed: ["stats"],
  inputs: () => ["problems", "quarantine", "rollouts", "difficulty", "staged", "sampling_decisions"],
  outputs: () => ["stats"],
  async run(ctx) {
    const { stats, report, files } = await writeStats(ctx.run);
    return {
      counts: { problems: stats.problems.total, models: stats.passRates.length, levels: stats.levels.length, files: files.length },
      details: { report, files },
    };
  },
});
