import { InterruptedError, NotBuiltYetError } from "../core/errors.js";
import { STEP_NAMES, type StepContext, type StepName, type StepResult } from "../steps/step.js";
import { resolveSteps, type ResolvedSteps } from "./resolve-steps.js";
import { runStep } from "./run-step.js";

export interface PipelineStepOutcome {
  step: StepName;
  status: "done" | "not_built";
  result?: StepResult;
}

/**
 * Runs the pipeline's steps in order (all, or those named), with settings resolved up front (by default
 * from the pipeline alone). A step that is not built yet is reported and skipped, so the demo runs every step that exists.
 */
export async function runPipeline(
  ctx: StepContext,
  steps: readonly StepName[] = STEP_NAMES,
  onStep?: (o: PipelineStepOutcome) => void,
  resolved?: ResolvedSteps,
): Promise<PipelineStepOutcome[]> {
  const all = resolved ?? (await resolveSteps(ctx.pipeline));
  const outcomes: PipelineStepOutcome[] = [];
  for (const name of steps) {
    // Ctrl-C during a step that finished anyway: stop before the next one.
    if (ctx.signal?.aborted) throw new InterruptedError(`pipeline: interrupted before ${name}; rerun to resume`);
    const { step, settings } = all[name];
    let outcome: PipelineStepOutcome;
    try {
      outcome = { step: name, status: "done", result: await runStep(step, ctx, settings) };
    } catch (error) {
      if (!(error instanceof NotBuiltYetError)) throw error;
      outcome = { step: name, status: "not_built" };
    }
    outcomes.push(outcome);
    onStep?.(outcome);
  }
  return outcomes;
}
