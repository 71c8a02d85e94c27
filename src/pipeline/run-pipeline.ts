import { InterruptedError, NotBuiltYetError } from "../core/errors.js";
import { STEP_NAMES, type StepContext, type StepName, type StepResult } from "../steps/step.js";
import { STEP_LOADERS } from "./step-registry.js";
import { runStep } from "./run-step.js";

export interface PipelineStepOutcome {
  step: StepName;
  status: "done" | "not_built";
  result?: StepResult;
}

/**
 * Runs the pipeline's steps in order (all, or those named). A step that is not built yet is reported
 * and skipped, so the demo runs every step that exists.
 */
export async function runPipeline(ctx: StepContext, steps: readonly StepName[] = STEP_NAMES, onStep?: (o: PipelineStepOutcome) => void): Promise<PipelineStepOutcome[]> {
  const outcomes: PipelineStepOutcome[] = [];
  for (const name of steps) {
    // Ctrl-C during a step that finished anyway: stop before the next one.
    if (ctx.signal?.aborted) throw new InterruptedError(`pipeline: interrupted before ${name}; rerun to resume`);
    const definition = await STEP_LOADERS[name]();
    let outcome: PipelineStepOutcome;
    try {
      outcome = { step: name, status: "done", result: await runStep(definition, ctx) };
    } catch (error) {
      if (!(error instanceof NotBuiltYetError)) throw error;
      outcome = { step: name, status: "not_built" };
    }
    outcomes.push(outcome);
    onStep?.(outcome);
  }
  return outcomes;
}
