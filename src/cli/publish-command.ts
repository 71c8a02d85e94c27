import { existsSync } from "node:fs";
import { basename } from "node:path";
import { UsageError } from "../core/errors.js";
import { readManifest } from "../core/manifest.js";
import { RunFolder } from "../core/run-folder.js";
import { loadPipeline, loadResolvedPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import type { PipelineDefinition } from "../engines/config/pipeline-definition.js";
import { runStep } from "../pipeline/run-step.js";
import { publishStep } from "../steps/publish/publish-step.js";
import { formatHelp, type Command } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";
import { parseCommandArgs } from "./step-command.js";
import { helpOf, parseOptionsOf } from "./step-options.js";
import type { CliValues } from "../steps/step.js";

const summary = "Publish a run to the Hugging Face Hub (or write the exact folder with --dry-run).";

const usage = formatHelp(
  "rungs publish [pipeline] [options]",
  summary,
  [
    { flag: "--run-dir DIR", text: "run folder (default: the pipeline's run folder; required without a pipeline)" },
    ...helpOf(publishStep.options),
    { flag: "-h, --help", text: "show this help" },
  ],
  "The Hub URL comes from HF_ENDPOINT (default https://huggingface.co). Without --dry-run a token is required and checked\n" +
    "before any work. Republishing an unchanged run makes no commit.",
);

export const publishCommand: Command = {
  summary,
  async run(argv) {
    const { values: parsed, positionals } = await parseCommandArgs("publish", argv, { "run-dir": { type: "string" }, ...parseOptionsOf(publishStep.options), help: { type: "boolean", short: "h" } });
    const values = parsed as CliValues<typeof publishStep.options> & { "run-dir"?: string; help?: boolean };
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`publish: expected at most one pipeline, got ${positionals.length}\n\n${usage}`);
    let pipeline: PipelineDefinition;
    let pipelinePath: string | undefined;
    let run: RunFolder;
    if (positionals.length === 1) {
      // Every step resolves, so a pipeline with a mistake anywhere fails here as it would in a run.
      ({ path: pipelinePath, pipeline } = await loadResolvedPipeline(positionals[0], values));
      run = new RunFolder(runDirOf(pipeline, values["run-dir"]));
    } else {
      if (!values["run-dir"]) throw new UsageError(`publish: give a pipeline or --run-dir DIR\n\n${usage}`);
      run = new RunFolder(values["run-dir"]);
      // The run remembers its pipeline file; use it for the card when it is still there.
      const recorded = (await readManifest(run)).pipeline;
      if (recorded && existsSync(recorded)) ({ path: pipelinePath, pipeline } = await loadPipeline(recorded));
      else pipeline = { name: basename(run.dir), sources: [] };
    }
    if (!existsSync(run.dir)) throw new UsageError(`publish: run folder ${run.dir} does not exist`);
    const renderer = new ProgressRenderer();
    try {
      // An explicit publish insists on a token (a pipeline run without one stays offline).
      const settings = { ...publishStep.resolve(pipeline, values), requireToken: true };
      // An explicit publish always compares with the Hub (which may have changed); the library's diff makes it a no-op when equal.
      const result = await runStep(publishStep, { run, pipeline, pipelinePath, progress: renderer.listener, force: true }, settings);
      renderer.done();
      for (const note of result.notes ?? []) process.stderr.write(`${note}\n`);
      return 0;
    } finally {
      renderer.done();
    }
  },
};
