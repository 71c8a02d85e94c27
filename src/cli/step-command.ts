import { parseArgs } from "node:util";
import { RunFolder } from "../core/run-folder.js";
import { NotBuiltYetError, UsageError } from "../core/errors.js";
import type { Shard, StepName } from "../steps/step.js";
import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { runStep } from "../pipeline/run-step.js";
import { STEP_LOADERS } from "../pipeline/step-registry.js";
import { formatHelp, type Command, type OptionHelp, type ParseOptions } from "./command.js";
import { ProgressRenderer } from "./progress-renderer.js";
import { runInterruptible } from "./interrupt.js";

export const COMMON_OPTIONS = {
  "run-dir": { type: "string" },
  shard: { type: "string" },
  endpoint: { type: "string", multiple: true },
  samples: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} satisfies ParseOptions;

export const COMMON_HELP: OptionHelp[] = [
  { flag: "--run-dir DIR", text: "run folder (default: the pipeline's runDir, else data/runs/<name>)" },
  { flag: "--shard i/N", text: "work on shard i of N (1-based), split by problem id hash" },
  { flag: "--endpoint MODEL=URL", text: "serve MODEL from URL (repeatable; replaces the pipeline's endpoints for MODEL)" },
  { flag: "--samples N", text: "samples per (problem, model), overriding the pipeline" },
  { flag: "--force", text: "run even when the step is up to date (same config and inputs)" },
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

export function parseEndpoints(values: string[] | undefined): Record<string, string[]> {
  const endpoints: Record<string, string[]> = {};
  for (const value of values ?? []) {
    const eq = value.lastIndexOf("=");
    const model = value.slice(0, eq);
    const url = value.slice(eq + 1);
    if (eq <= 0 || !/^https?:\/\//.test(url)) {
      throw new UsageError(`--endpoint: expected MODEL=URL (e.g. deepseek-ai/DeepSeek-R1=http://10.0.0.5:8000/v1), got ${JSON.stringify(value)}`);
    }
    (endpoints[model] ??= []).push(url);
  }
  return endpoints;
}

export interface StepCommandOptions {
  summary: string;
  /** Step-specific options (parsed and passed to the step as overrides). */
  options?: ParseOptions;
  help?: OptionHelp[];
  extraHelp?: string;
}

/** `rungs <step> <pipeline> [options]`: runs one step of a pipeline on its run folder. */
export function stepCommand(step: StepName, { summary, options = {}, help = [], extraHelp = "" }: StepCommandOptions): Command {
  const usageText = formatHelp(`rungs ${step} <pipeline> [options]`, summary, [...help, ...COMMON_HELP], extraHelp);
  return {
    summary,
    async run(argv) {
      const { values, positionals } = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
      if (values.help) {
        process.stdout.write(usageText);
        return 0;
      }
      if (positionals.length !== 1) throw new UsageError(`${step}: expected one pipeline (a name in pipelines/ or a file), got ${positionals.length}\n\n${usageText}`);
      return runPipelineStep(step, positionals[0], values as Record<string, unknown>);
    },
  };
}

/** Loads a pipeline and runs one step on it, drawing progress on stderr. */
export async function runPipelineStep(step: StepName, pipelineName: string, values: Record<string, unknown>): Promise<number> {
  const { path, pipeline } = await loadPipeline(pipelineName);
  const run = await new RunFolder(runDirOf(pipeline, values["run-dir"] as string | undefined)).ensure();
  const renderer = new ProgressRenderer();
  const definition = await STEP_LOADERS[step]();
  const { "run-dir": _runDir, shard, endpoint, help: _help, force, ...rest } = values;
  // Ctrl-C / SIGTERM abort the step (it stores what finished, exit 130); see interrupt.ts.
  return runInterruptible(step, async (signal) => { try {
    const result = await runStep(definition, {
      run,
      pipeline,
      pipelinePath: path,
      shard: parseShard(shard as string | undefined),
      signal,
      progress: renderer.listener,
      overrides: { ...rest, endpoints: parseEndpoints(endpoint as string[] | undefined) },
      force: Boolean(force),
    });
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
  } });
}
