import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { RunFolder } from "../core/run-folder.js";
import { acquireRunLock } from "../core/run-lock.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { rescoreRollouts } from "../steps/sample/rescore-rollouts.js";
import { formatHelp, type Command } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";

const HELP = formatHelp(
  "rungs rescore [<pipeline>] [--run-dir DIR] [--model M ...]",
  "Re-verify stored completions with the current verifiers and rewrite the rollouts (no GPU, no server).",
  [
    { flag: "--run-dir DIR", text: "run folder (default: the pipeline's)" },
    { flag: "--model M", text: "only this model (repeatable; default every stored model)" },
    { flag: "-h, --help", text: "show this help" },
  ],
  "Rollouts stored with keepCompletions: false keep their verdicts (there is no text to re-verify).\nDo not rescore a run while its sample step is writing.",
);

export const rescoreCommand: Command = {
  summary: "Re-verify stored completions with the current verifiers (no GPU).",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { "run-dir": { type: "string" }, model: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`rescore: expected at most one pipeline, got ${positionals.length}\n\n${HELP}`);
    if (!positionals.length && !values["run-dir"]) throw new UsageError(`rescore: give a pipeline or --run-dir DIR\n\n${HELP}`);
    const dir = positionals.length ? runDirOf((await loadPipeline(positionals[0])).pipeline, values["run-dir"]) : values["run-dir"]!;
    const renderer = new ProgressRenderer();
    // Rescore rewrites rollouts/: it holds the sample step's lock, so neither runs while the other writes.
    const run = new RunFolder(dir);
    const lock = await acquireRunLock(await run.ensure(), "sample", { label: "rescore" });
    const result = await rescoreRollouts(run, { models: values.model, progress: renderer.listener }).finally(() => lock.release());
    renderer.done();
    process.stderr.write(
      `rescore: ${result.rescored} rollouts re-verified, ${result.changed} changed, ${result.unchanged} kept as they were` +
        `${result.duplicatesDropped ? `, ${result.duplicatesDropped} duplicate keys dropped` : ""} (models: ${result.models.join(", ") || "none"})\n`,
    );
    return 0;
  },
};
