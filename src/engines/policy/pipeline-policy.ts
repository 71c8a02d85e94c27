import { compilePolicy } from "./compile-policy.js";
import type { CompiledPolicy } from "./compiled-policy.js";
import type { PolicySpec } from "./policy-spec.js";

/** What a pipeline's policy depends on beyond its `policy` field: the CLI's `--role` and `--seed`. */
export interface PipelinePolicyOptions {
  roles?: Record<string, string>;
  seed?: string;
}

/**
 * The policy a pipeline uses: its `policy` field (default the paper's), roles overridable with `--role`.
 * Lives in the policy engine (not in the stage step) because sample's adaptive mode needs it too;
 * the pipeline is a structural type because config imports policy, not the other way.
 */
export function pipelinePolicy(pipeline: { policy?: string | PolicySpec }, { roles = {}, seed }: PipelinePolicyOptions = {}): CompiledPolicy {
  return compilePolicy(pipeline.policy ?? "am-2504.00829", { roles, ...(seed !== undefined ? { seed } : {}) });
}
