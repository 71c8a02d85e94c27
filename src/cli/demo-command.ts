import { parseArgs } from "node:util";
import type { Command } from "./command.js";
import { demoTour } from "./demo-tour.js";
import { runPipelineFromCli } from "./pipeline-command.js";
import { runInterruptible } from "./interrupt.js";

const HELP = `Usage: rungs demo [--run-dir DIR] [--force]

Runs pipelines/demo.ts end to end on the bundled sample (data/sample), offline: simulated reference
models on a loopback port stand in for GPU servers. Prints a short tour of what was made at the end.
A second run skips what is up to date; --force redoes every step.
`;

export const demoCommand: Command = {
  summary: "Run pipelines/demo.ts end to end on the bundled sample, offline, and tour the results.",
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { "run-dir": { type: "string" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    return runInterruptible("demo", async (signal) => {
      process.stdout.write(await demoTour(await runPipelineFromCli("demo", values, signal)));
      return 0;
    });
  },
};
