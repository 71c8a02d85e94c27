import { compilePolicy } from "./compile-policy.js";
import type { CompiledPolicy } from "./compiled-policy.js";
import type { PolicySpec } from "./policy-spec.js";

/** What a pipeline's policy depends on: its `policy` field and the CLI's `--role`/`--seed` overrides. */
export interface PipelinePolicyOptions {
  /** The pipeline's `policy` field (a structural type: config imports policy, not the other way). */
  pipeline: { policy?: string | PolicySpec };
  overrides: Record<string, unknown>;
}

/**
 * The policy a pipeline uses: its `policy` field (default the paper's), roles overridable with `--role`.
 * Lives in the policy engine (not in the stage step) because sample's adaptive mode needs it too.
 */
export function pipelinePolicy({ pipeline, overrides }: PipelinePolicyOptions): CompiledPolicy {
  return compilePolicy(pipeline.policy ?? "am-2504.00829", {
    roles: (overrides.roles as Record<string, string> | undefined) ?? {},
    ...(typeof overrides.seed === "string" ? { seed: overrides.seed } : {}),
  });
}
