import type { Manifest } from "../../core/manifest.js";
import { BUILTIN_POLICIES } from "../policy/builtin-policies.js";
import type { CompiledPolicy } from "../policy/compiled-policy.js";
import { pipelinePolicy } from "../policy/pipeline-policy.js";
import type { PolicySpec } from "../policy/policy-spec.js";

/**
 * The policy the run was staged with, for figures that re-evaluate it (levels at each token budget): the
 * pipeline's (default the paper's), else the built-in the stage step recorded, with the roles stage
 * recorded (its `--role`). Undefined when neither is known or it does not compile (the figures say so).
 */
export function stagedPolicy(pipeline: { policy?: string | PolicySpec } | undefined, manifest: Manifest): CompiledPolicy | undefined {
  const details = manifest.steps.stage?.details ?? {};
  const roles = (details.roles ?? {}) as Record<string, string>;
  const recorded = typeof details.policy === "string" && details.policy in BUILTIN_POLICIES ? details.policy : undefined;
  const policy = pipeline ? pipeline.policy : recorded;
  if (pipeline === undefined && policy === undefined) return undefined;
  try {
    return pipelinePolicy({ policy }, { roles });
  } catch {
    return undefined;
  }
}
