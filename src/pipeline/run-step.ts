import { configHash } from "../core/hash.js";
import { readManifest, recordStep, type StepRecord } from "../core/manifest.js";
import type { StepContext, StepDefinition, StepResult } from "../steps/step.js";
import { refreshViews } from "../core/views.js";
import { RUNGS_VERSION } from "../version.js";
import { fingerprintPaths, outputsExist } from "./fingerprint.js";
import { withStepLock } from "./step-lock.js";

/** Manifest key of a step: `sample`, or `sample@shard-2-of-4` for a shard. */
export function stepKey(step: string, ctx: Pick<StepContext, "shard">): string {
  return ctx.shard && ctx.shard.count > 1 ? `${step}@shard-${ctx.shard.index + 1}-of-${ctx.shard.count}` : step;
}

async function inputsHashOf(step: StepDefinition, ctx: StepContext): Promise<string | undefined> {
  return step.inputs ? fingerprintPaths(ctx.run, step.inputs(ctx)) : undefined;
}

/** The step's last successful record when it is up to date (same config and inputs, outputs exist), else undefined. */
async function upToDate(step: StepDefinition, ctx: StepContext, hash: string, inputsHash: string | undefined): Promise<StepRecord | undefined> {
  if (ctx.force || !step.inputs || !step.outputs || inputsHash === undefined) return undefined;
  const previous = (await readManifest(ctx.run)).steps[stepKey(step.name, ctx)];
  if (!previous || previous.status !== "done" || previous.config_hash !== hash || previous.inputs_hash !== inputsHash) return undefined;
  return (await outputsExist(ctx.run, step.outputs(ctx))) ? previous : undefined;
}

/**
 * Runs one step, records its outcome (done or failed) in the manifest and refreshes the DuckDB views.
 * A step whose config and inputs are unchanged and whose outputs exist is skipped.
 */
export async function runStep(step: StepDefinition, ctx: StepContext): Promise<StepResult> {
  // One writer per (run folder, step[, shard]); see step-lock.ts.
  return withStepLock(stepKey(step.name, ctx), step.name, ctx, () => runStepLocked(step, ctx));
}

async function runStepLocked(step: StepDefinition, ctx: StepContext): Promise<StepResult> {
  const started = new Date();
  const hash = configHash(step.config(ctx));
  const inputsHash = await inputsHashOf(step, ctx);
  const previous = await upToDate(step, ctx, hash, inputsHash);
  if (previous) {
    return { counts: previous.counts, skipped: true, notes: [`${step.name}: up to date (config and inputs unchanged), skipped`] };
  }
  const base = { config_hash: hash, ...(inputsHash ? { inputs_hash: inputsHash } : {}), started_at: started.toISOString() };
  try {
    const result = await step.run(ctx);
    const finished = new Date();
    await recordStep(
      ctx.run,
      stepKey(step.name, ctx),
      {
        ...base,
        status: "done",
        versions: { rungs: RUNGS_VERSION, ...result.versions },
        counts: result.counts,
        finished_at: finished.toISOString(),
        seconds: (finished.getTime() - started.getTime()) / 1000,
        ...(result.details ? { details: result.details } : {}),
      },
      ctx.pipelinePath,
    );
    const views = await refreshViews(ctx.run);
    if (views.warning) result.notes = [...(result.notes ?? []), views.warning];
    return result;
  } catch (error) {
    const finished = new Date();
    await recordStep(
      ctx.run,
      stepKey(step.name, ctx),
      {
        ...base,
        status: ctx.signal?.aborted ? "interrupted" : "failed",
        versions: { rungs: RUNGS_VERSION },
        counts: {},
        finished_at: finished.toISOString(),
        seconds: (finished.getTime() - started.getTime()) / 1000,
        details: { error: (error as Error).message },
      },
      ctx.pipelinePath,
    ).catch(() => undefined);
    throw error;
  }
}
