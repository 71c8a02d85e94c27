import { UsageError } from "../core/errors.js";
import { RunFolder } from "../core/run-folder.js";
import { STEP_NAMES, type StepName } from "../steps/step.js";
import { loadResolvedPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { runInterruptible } from "./interrupt.js";
import { runPipeline, type PipelineStepOutcome } from "../pipeline/run-pipeline.js";
import { formatHelp, type Command } from "./command.js";
import { COMMON_HELP, COMMON_OPTIONS, parseCommandArgs, parseShard } from "./step-command.js";
import { helpOf, parseOptionsOf } from "./step-options.js";
import { SAMPLE_OPTIONS } from "../steps/sample/sample-step.js";
import type { CliValues } from "../steps/step.js";

/** What a whole-pipeline run takes besides --steps: where the run is, the shard, and sampling's endpoints and sample count. */
const RUN_OPTIONS = { shard: SAMPLE_OPTIONS.shard, endpoint: SAMPLE_OPTIONS.endpoint, samples: SAMPLE_OPTIONS.samples };
import { ProgressRenderer } from "./progress-renderer.js";

const HELP = formatHelp(
  "rungs pipeline <pipeline> [--steps a,b] [options]",
  "Run a pipeline's steps in order (all by default).",
  [{ flag: "--steps a,b", text: `steps to run, in pipeline order (${STEP_NAMES.join(", ")})` }, ...helpOf(RUN_OPTIONS), ...COMMON_HELP],
);

export function parseSteps(text: string | undefined): StepName[] {
  if (!text) return [...STEP_NAMES];
  const wanted = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const s of wanted) if (!(STEP_NAMES as readonly string[]).includes(s)) throw new UsageError(`--steps: unknown step ${JSON.stringify(s)} (known: ${STEP_NAMES.join(", ")})`);
  return STEP_NAMES.filter((s) => wanted.includes(s));
}

export function describeOutcome(o: PipelineStepOutcome): string {
  if (o.status === "not_built") return `${o.step}: not built yet, skipped`;
  const counts = Object.entries(o.result?.counts ?? {}).map(([k, v]) => `${k}=${v}`).join(" ");
  return `${o.step}: ${o.result?.skipped ? "up to date" : "done"}${counts ? ` (${counts})` : ""}${(o.result?.notes ?? []).map((n) => `\n  ${n}`).join("")}`;
}

/** Runs a named pipeline end to end with progress on stderr; returns its run folder. */
export async function runPipelineFromCli(name: string, values: CliValues, signal?: AbortSignal): Promise<RunFolder> {
  const steps = parseSteps(values.steps as string | undefined);
  // Every step resolves before the first runs: a mistake in export's settings fails now, not after sampling.
  const { path, pipeline, resolved } = await loadResolvedPipeline(name, values);
  const run = await new RunFolder(runDirOf(pipeline, values["run-dir"] as string | undefined)).ensure();
  const renderer = new ProgressRenderer();
  await runPipeline(
    { run, pipeline, pipelinePath: path, shard: parseShard(values.shard as string | undefined), signal, progress: renderer.listener, force: Boolean(values.force) },
    steps,
    (o) => {
      renderer.done();
      process.stderr.write(`${describeOutcome(o)}\n`);
    },
    resolved,
  );
  process.stderr.write(`pipeline ${pipeline.name}: finished; run folder ${run.dir}\n`);
  return run;
}

export const pipelineCommand: Command = {
  summary: "Run a pipeline's steps (all, or --steps a,b).",
  async run(argv) {
    const { values, positionals } = await parseCommandArgs("pipeline", argv, { ...COMMON_OPTIONS, ...parseOptionsOf(RUN_OPTIONS), steps: { type: "string" } });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`pipeline: expected one pipeline file or name\n\n${HELP}`);
    return runInterruptible("pipeline", async (signal) => {
      await runPipelineFromCli(positionals[0], values, signal);
      return 0;
    });
  },
};
