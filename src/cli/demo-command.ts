import type { Command } from "./command.js";
import { runPipelineFromCli } from "./pipeline-command.js";

export const demoCommand: Command = {
  summary: "Run pipelines/demo.ts end to end on the bundled sample, offline.",
  async run(argv) {
    if (argv.includes("--help") || argv.includes("-h")) {
      process.stdout.write("Usage: rungs demo [--run-dir DIR]\n\nRuns every step that exists of pipelines/demo.ts on data/sample, offline.\n");
      return 0;
    }
    const runDir = argv[argv.indexOf("--run-dir") + 1];
    return runPipelineFromCli("demo", argv.includes("--run-dir") ? { "run-dir": runDir } : {});
  },
};
