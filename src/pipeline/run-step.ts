import { configHash } from "../core/hash.js";
import { recordStep } from "../core/manifest.js";
import type { StepContext, StepDefinition, StepResult } from "../core/step.js";
import { refreshViews } from "../core/views.js";
import { RUNGS_VERSION } from "../version.js";

/** Manifest key of a step: `sample`, or `sample@shard-2-of-4` for a shard. */
export function stepKey(step: string, ctx: Pick<StepContext, "shard">): string {
  return ctx.shard && ctx.shard.count > 1 ? `${step}@shard-${ctx.shard.index + 1}-of-${ctx.shard.count}` : step;
}

/** Runs one step, records its outcome (done or failed) in the manifest and refreshes the DuckDB views. */
export async function runStep(step: StepDefinition, ctx: StepContext): Promise<StepResult> {
  const started = new Date();
  const hash = configHash(step.config(ctx));
  const base = { config_hash: hash, started_at: started.toISOString() };
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
        status: "failed",
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
