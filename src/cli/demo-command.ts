import { parseArgs } from "node:util";
import { RunFolder } from "../core/run-folder.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import type { Command } from "./command.js";
import { demoTour } from "./demo-tour.js";
import { runPipelineFromCli } from "./pipeline-command.js";

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
    const code = await runPipelineFromCli("demo", values);
    if (code !== 0) return code;
    const { pipeline } = await loadPipeline("demo");
    process.stdout.write(await demoTour(new RunFolder(runDirOf(pipeline, values["run-dir"]))));
    return 0;
  },
};
