import type { CliValues, StepContext, StepDefinition, StepResult } from "../../src/steps/step.js";

/** Resolves a step's settings from the context's pipeline (and CLI values) and runs it, without the runner's bookkeeping. */
export async function runResolved<S, R extends StepResult>(step: StepDefinition<S, R>, ctx: StepContext, cli: CliValues = {}): Promise<R> {
  return step.run(ctx, step.resolve(ctx.pipeline, cli as never));
}
