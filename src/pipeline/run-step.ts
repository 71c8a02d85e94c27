import { configHash } from "../core/hash.js";
import { readManifest, recordStep, type StepRecord } from "../core/manifest.js";
import { hashedSettings, type StepContext, type StepDefinition, type StepResult } from "../steps/step.js";
import { refreshViews } from "../core/views.js";
import { RUNGS_VERSION } from "../core/version.js";
import { workShardLabel } from "../core/shard-name.js";
import { fingerprintPaths, outputsExist } from "./fingerprint.js";
import { withStepLock } from "./step-lock.js";

/** Manifest key of a step: `sample`, or `sample@shard-2-of-4` for a shard. */
export function stepKey(step: string, ctx: Pick<StepContext, "shard">): string {
  return ctx.shard && ctx.shard.count > 1 ? `${step}@${workShardLabel(ctx.shard)}` : step;
}

/** The up-to-date hash of a step: exactly the settings its `hashed` names, nothing else. */
export function settingsHash<S>(step: Pick<StepDefinition<S>, "hashed">, settings: S): string {
  return configHash(hashedSettings(step, settings));
}

async function inputsHashOf<S>(step: StepDefinition<S>, ctx: StepContext, settings: S): Promise<string | undefined> {
  return step.inputs ? fingerprintPaths(ctx.run, step.inputs(ctx, settings)) : undefined;
}

/** The step's last successful record when it is up to date (same config and inputs, outputs exist), else undefined. */
async function upToDate<S>(step: StepDefinition<S>, ctx: StepContext, settings: S, hash: string, inputsHash: string | undefined): Promise<StepRecord | undefined> {
  if (ctx.force || !step.inputs || !step.outputs || inputsHash === undefined) return undefined;
  const previous = (await readManifest(ctx.run)).steps[stepKey(step.name, ctx)];
  if (!previous || previous.status !== "done" || previous.config_hash !== hash || previous.inputs_hash !== inputsHash) return undefined;
  return (await outputsExist(ctx.run, step.outputs(ctx, settings))) ? previous : undefined;
}

/**
 * Runs one step with its resolved settings, records its outcome (done or failed) in the manifest and
 * refreshes the DuckDB views. A step whose hashed settings and inputs are unchanged and whose outputs
 * exist is skipped. Without `settings` the step resolves the pipeline with no CLI values.
 */
export async function runStep<S, R extends StepResult>(step: StepDefinition<S, R>, ctx: StepContext, settings: S = step.resolve(ctx.pipeline, {})): Promise<R> {
  // One writer per (run folder, step[, shard]); see step-lock.ts.
  return withStepLock(stepKey(step.name, ctx), step.name, ctx, () => runStepLocked(step, ctx, settings));
}

async function runStepLocked<S, R extends StepResult>(step: StepDefinition<S, R>, ctx: StepContext, settings: S): Promise<R> {
  const started = new Date();
  const hash = settingsHash(step, settings);
  const inputsHash = await inputsHashOf(step, ctx, settings);
  const previous = await upToDate(step, ctx, settings, hash, inputsHash);
  if (previous) {
    // The step did not run: only the record's counts and details are known (a typed result needs a run).
    return { counts: previous.counts, ...(previous.details ? { details: previous.details } : {}), skipped: true, notes: [`${step.name}: up to date (config and inputs unchanged), skipped`] } as StepResult as R;
  }
  const base = { config_hash: hash, ...(inputsHash ? { inputs_hash: inputsHash } : {}), started_at: started.toISOString() };
  try {
    const result = await step.run(ctx, settings);
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
