import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { readFile } from "node:fs/promises";
import { RunFolder, pathExists } from "../core/run-folder.js";
import { UsageError } from "../core/errors.js";
import { loadResolvedPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { runStep } from "../pipeline/run-step.js";
import { statsStep } from "../steps/stats/stats-step.js";
import { writeStats } from "../steps/stats/write-stats.js";
import { readStats, type WrittenStats } from "../steps/stats/read-stats.js";
import { formatHelp, type Command } from "./command.js";

const HELP = formatHelp(
  "rungs stats <pipeline> | --run-dir DIR [--json]",
  "Print the curator's report (problems, quarantine, pass rates, pass rates at token budgets, levels, tokens) and write stats/ (JSON, report, SVG charts).",
  [
    { flag: "--run-dir DIR", text: "run folder (with a pipeline: overrides its run folder)" },
    { flag: "--json", text: "print the figures as JSON instead of the report" },
    { flag: "-h, --help", text: "show this help" },
  ],
);

export const statsCommand: Command = {
  summary: "Print the run's report; write charts (SVG) to stats/.",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { "run-dir": { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 1 || (positionals.length === 0 && !values["run-dir"])) throw new UsageError(`stats: expected a pipeline or --run-dir DIR\n\n${HELP}`);
    let output;
    if (positionals.length === 1) {
      const { path, pipeline, resolved } = await loadResolvedPipeline(positionals[0], values);
      const run = await new RunFolder(runDirOf(pipeline, values["run-dir"])).ensure();
      const settings = resolved.stats.settings as ReturnType<typeof statsStep.resolve>;
      const ctx = { run, pipeline, pipelinePath: path, progress: () => {} };
      const result = await runStep(statsStep, ctx, settings);
      // Up to date: the runner returns the record's details; if they are missing, print what the last run wrote (rerun if that is gone).
      output = (result.details as unknown as WrittenStats | undefined) ?? (await readStats(run)) ?? ((await runStep(statsStep, { ...ctx, force: true }, settings)).details as unknown as WrittenStats);
      if (values.json) output = { ...output, report: (await readFile(run.path("stats", "stats.json"), "utf8")).trimEnd() };
    } else {
      const dir = resolve(values["run-dir"]!);
      if (!(await pathExists(dir))) throw new UsageError(`stats: run folder ${dir} does not exist`);
      const result = await writeStats(new RunFolder(dir));
      output = { report: values.json ? JSON.stringify(result.stats, null, 2) : result.report, files: result.files };
    }
    process.stdout.write(`${output.report}\n`);
    process.stderr.write(`stats: wrote ${output.files.length} files to ${output.files[0]?.replace(/\/[^/]+$/, "") ?? "stats/"}\n`);
    return 0;
  },
};
