import { STEP_NAMES, type AnyStep, type CliValues, type StepName } from "../steps/step.js";
import type { PipelineDefinition } from "../engines/config/pipeline-definition.js";
import { STEP_LOADERS } from "./step-registry.js";

/** One step with its settings, resolved before anything runs. */
export interface ResolvedStep {
  name: StepName;
  step: AnyStep;
  settings: unknown;
}

export type ResolvedSteps = Record<StepName, ResolvedStep>;

/**
 * Resolves every step of the pipeline (defaults, CLI values, checks), in pipeline order, before any runs:
 * a mistake that would surface at stage or export (a policy role, a curriculum level, a batch size) fails
 * at load, naming the field. Each step reads only its own options from `cli`.
 */
export async function resolveSteps(pipeline: PipelineDefinition, cli: CliValues = {}): Promise<ResolvedSteps> {
  const resolved = {} as ResolvedSteps;
  for (const name of STEP_NAMES) {
    const step = await STEP_LOADERS[name]();
    resolved[name] = { name, step, settings: step.resolve(pipeline, cli) };
  }
  return resolved;
}
