import { existsSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import { readManifest } from "../core/manifest.js";
import { RunFolder } from "../core/run-folder.js";
import { loadPipeline } from "../pipeline/load-pipeline.js";
import type { PipelineDefinition } from "../engines/config/pipeline-definition.js";
import { formatHelp, type Command } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";
import { COMMON_HELP, parseCommandArgs, runPipelineStep } from "./step-command.js";
import { helpOf, parseOptionsOf } from "./step-options.js";
import { reportStep } from "../steps/report/report-step.js";
import type { CliValues } from "../steps/step.js";

const OPTIONS = {
  "run-dir": { type: "string" },
  ...parseOptionsOf(reportStep.options),
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const SUMMARY = "Write report/index.html: one self-contained page to read before training.";
const HELP = formatHelp(
  "rungs report [pipeline] [--run-dir DIR] [options]",
  SUMMARY,
  [
    ...helpOf(reportStep.options),
    ...COMMON_HELP.filter((h) => /run-dir|help/.test(h.flag)),
  ],
  "Without a pipeline, --run-dir names the run; its manifest's pipeline file is read when it still exists.",
);

/** `rungs report [pipeline] [--run-dir DIR]`: the report step of a pipeline, or of any run folder. */
export const reportCommand: Command = {
  summary: SUMMARY,
  async run(argv) {
    const { values: parsed, positionals } = await parseCommandArgs("report", argv, OPTIONS);
    const values = parsed as CliValues<typeof reportStep.options> & { "run-dir"?: string; help?: boolean; force?: boolean };
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const options = reportStep.resolve({ name: "report", sources: [] }, values).options;
    if (positionals.length > 1) throw new UsageError(`report: expected at most one pipeline, got ${positionals.length}\n\n${HELP}`);
    if (positionals.length === 1) return runPipelineStep("report", positionals[0], { ...values, force: true });
    if (!values["run-dir"]) throw new UsageError(`report: give a pipeline or --run-dir DIR\n\n${HELP}`);
    const run = new RunFolder(values["run-dir"]);
    if (!existsSync(run.dir)) throw new UsageError(`report: --run-dir ${run.dir} does not exist`);
    const manifest = await readManifest(run);
    let pipeline: PipelineDefinition | undefined;
    let note = "; no pipeline file, so models and sampling come from the data";
    if (manifest.pipeline && existsSync(manifest.pipeline)) {
      // A pipeline file that no longer loads should not stop the report: the data alone makes one.
      try {
        pipeline = (await loadPipeline(manifest.pipeline)).pipeline;
        note = "";
      } catch (error) {
        note = `; ${manifest.pipeline} did not load (${(error as Error).message.split("\n")[0]}), so models and sampling come from the data`;
      }
    }
    const { buildReport } = await import("../steps/report/build-report.js");
    const renderer = new ProgressRenderer();
    const { path, bytes } = await buildReport(run, { ...options, pipeline, progress: renderer.listener });
    renderer.done();
    process.stderr.write(`report: wrote ${path} (${Math.round(bytes / 1024)} KiB)${note}\n`);
    return 0;
  },
};
