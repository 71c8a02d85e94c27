import { parseArgs } from "node:util";
import { RunFolder } from "../core/run-folder.js";
import { NotBuiltYetError, UsageError } from "../core/errors.js";
import type { CliValues, Shard, StepName } from "../steps/step.js";
import { loadResolvedPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { runStep } from "../pipeline/run-step.js";
import { STEP_LOADERS } from "../pipeline/step-registry.js";
import { formatHelp, type Command, type OptionHelp, type ParseOptions } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";
import { explainUnknownOption, helpOf, parseOptionsOf } from "./step-options.js";
import { runInterruptible } from "./interrupt.js";

/** Options of every command that runs a step of a pipeline (the step adds its own). */
export const COMMON_OPTIONS = {
  "run-dir": { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} satisfies ParseOptions;

export const COMMON_HELP: OptionHelp[] = [
  { flag: "--run-dir DIR", text: "run folder (default: the pipeline's runDir, else data/runs/<name>)" },
  { flag: "--force", text: "run even when the step is up to date (same settings and inputs)" },
  { flag: "-h, --help", text: "show this help" },
];

export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: expected i/N with 1 <= i <= N (e.g. 2/4), got ${JSON.stringify(text)}`);
  }
  return { index: index - 1, count };
}

/** parseArgs that names the step using an option this command does not take. */
export async function parseCommandArgs(command: string, argv: string[], options: ParseOptions): Promise<{ values: CliValues; positionals: string[] }> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as CliValues, positionals };
  } catch (error) {
    throw await explainUnknownOption(command, error);
  }
}

export interface StepCommandOptions {
  summary: string;
  extraHelp?: string;
  /** Runs around the step (e.g. `sample --serve` starts servers first); `step` runs it with the values given. */
  around?: (pipelineName: string, values: CliValues, step: (values: CliValues, signal?: AbortSignal) => Promise<number>) => Promise<number>;
}

/** `rungs <step> <pipeline> [options]`: runs one step of a pipeline on its run folder; the step declares its options. */
export function stepCommand(step: StepName, { summary, extraHelp = "", around }: StepCommandOptions): Command {
  return {
    summary,
    async run(argv) {
      const definition = await STEP_LOADERS[step]();
      const usageText = formatHelp(`rungs ${step} <pipeline> [options]`, summary, [...helpOf(definition.options), ...COMMON_HELP], extraHelp);
      const { values, positionals } = await parseCommandArgs(step, argv, { ...COMMON_OPTIONS, ...parseOptionsOf(definition.options) });
      if (values.help) {
        process.stdout.write(usageText);
        return 0;
      }
      if (positionals.length !== 1) throw new UsageError(`${step}: expected one pipeline (a name in pipelines/ or a file), got ${positionals.length}\n\n${usageText}`);
      if (around) return around(positionals[0], values, (v, signal) => runPipelineStep(step, positionals[0], v, signal));
      return runPipelineStep(step, positionals[0], values);
    },
  };
}

/**
 * Loads a pipeline, resolves every step (so cross-step mistakes fail now), runs one step, drawing progress on
 * stderr. `stop` aborts the step as Ctrl-C would (it stores what finished), for a caller that sees a reason to.
 */
export async function runPipelineStep(step: StepName, pipelineName: string, values: CliValues, stop?: AbortSignal): Promise<number> {
  const { path, pipeline, resolved } = await loadResolvedPipeline(pipelineName, values);
  const run = await new RunFolder(runDirOf(pipeline, values["run-dir"] as string | undefined)).ensure();
  const renderer = new ProgressRenderer();
  // Ctrl-C / SIGTERM abort the step (it stores what finished, exit 130); see interrupt.ts.
  return runInterruptible(step, async (signal) => {
  try {
    const result = await runStep(
      resolved[step].step,
      { run, pipeline, pipelinePath: path, shard: parseShard(values.shard as string | undefined), signal: stop ? AbortSignal.any([signal, stop]) : signal, progress: renderer.listener, force: Boolean(values.force) },
      resolved[step].settings,
    );
    renderer.done();
    const counts = Object.entries(result.counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    process.stderr.write(`${step}: ${result.skipped ? "up to date" : "done"} (${counts}) in ${run.dir}\n`);
    for (const note of result.notes ?? []) process.stderr.write(`${note}\n`);
    return 0;
  } catch (error) {
    renderer.done();
    if (error instanceof NotBuiltYetError) {
      process.stderr.write(`${error.message}\n`);
      return 3;
    }
    throw error;
  }
  });
}
