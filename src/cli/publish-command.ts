import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { UsageError } from "../core/errors.js";
import { readManifest } from "../core/manifest.js";
import { RunFolder } from "../core/run-folder.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import type { PipelineDefinition } from "../engines/config/pipeline-definition.js";
import { runStep } from "../pipeline/run-step.js";
import { publishStep } from "../steps/publish/publish-step.js";
import { formatHelp, type Command } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";

const summary = "Publish a run to the Hugging Face Hub (or write the exact folder with --dry-run).";

const usage = formatHelp(
  "rungs publish [pipeline] [options]",
  summary,
  [
    { flag: "--run-dir DIR", text: "run folder (default: the pipeline's run folder; required without a pipeline)" },
    { flag: "--repo OWNER/NAME", text: "target dataset repo (default: the pipeline's publish.repo)" },
    { flag: "--private", text: "create the repo private (when it does not exist yet)" },
    { flag: "--revision R", text: "branch to commit to (default: main; created from main if missing)" },
    { flag: "--dry-run DIR", text: "write exactly the folder that would be uploaded to DIR, upload nothing" },
    { flag: "--token T", text: "Hub token (default: HF_TOKEN, else HUGGING_FACE_HUB_TOKEN; prefer the variable, a flag shows in the process list)" },
    { flag: "-h, --help", text: "show this help" },
  ],
  "The Hub URL comes from HF_ENDPOINT (default https://huggingface.co). Without --dry-run a token is required and checked\n" +
    "before any work. Republishing an unchanged run makes no commit.",
);

export const publishCommand: Command = {
  summary,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        "run-dir": { type: "string" }, repo: { type: "string" }, private: { type: "boolean" }, revision: { type: "string" },
        "dry-run": { type: "string" }, token: { type: "string" }, help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`publish: expected at most one pipeline, got ${positionals.length}\n\n${usage}`);
    let pipeline: PipelineDefinition;
    let pipelinePath: string | undefined;
    let run: RunFolder;
    if (positionals.length === 1) {
      ({ path: pipelinePath, pipeline } = await loadPipeline(positionals[0]));
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
      const result = await runStep(publishStep, {
        run,
        pipeline,
        pipelinePath,
        progress: renderer.listener,
        // An explicit publish always compares with the Hub (which may have changed); the library's diff makes it a no-op when equal.
        force: true,
        overrides: {
          requireToken: true,
          ...(values.repo !== undefined ? { repo: values.repo } : {}),
          ...(values.private ? { private: true } : {}),
          ...(values.revision !== undefined ? { revision: values.revision } : {}),
          ...(values["dry-run"] !== undefined ? { "dry-run": values["dry-run"] } : {}),
          ...(values.token !== undefined ? { token: values.token } : {}),
        },
      });
      renderer.done();
      for (const note of result.notes ?? []) process.stderr.write(`${note}\n`);
      return 0;
    } finally {
      renderer.done();
    }
  },
};
