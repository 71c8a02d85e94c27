import { closest, distance } from "fastest-levenshtein";
import { UsageError } from "../../core/errors.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { parseBudgetModel, type CompiledPolicy } from "../../engines/policy/compiled-policy.js";
import { roleName } from "../../engines/policy/evaluate-policy.js";

/** Adapters that import pass rates of models the pipeline cannot name in advance (detected columns, fixed models). */
const IMPORTING_ADAPTERS = new Set(["am-difficulty", "big-math"]);

/**
 * Every model the policy reads must be one the pipeline samples or imports, so a role or id typo fails
 * at load instead of at stage, hours of sampling later. A pipeline without `models` (pass rates imported
 * only), or with a source whose imported models are not known in advance, is not checked.
 * `roleFlags` are the `--role` values, so the message names the flag rather than the pipeline field.
 */
export function checkPolicyModels(pipeline: PipelineDefinition, policy: CompiledPolicy, roleFlags: Record<string, string>): void {
  const sampled = (pipeline.models ?? []).map((m) => m.id);
  if (sampled.length === 0) return;
  const unknownImports = pipeline.sources.some((s) => typeof s.adapter === "function" || (IMPORTING_ADAPTERS.has(s.adapter ?? "") && !s.passRateColumns));
  if (unknownImports) return;
  const known = [...sampled, ...pipeline.sources.flatMap((s) => Object.values(s.passRateColumns ?? {}))];
  // Without a `policy` field the paper's applies; a pipeline that samples none of its models (say, one run
  // only to sample) is not held to it, but one that samples some of them is: the others are likely typos.
  if (pipeline.policy === undefined && !policy.models.some((m) => known.includes(m))) return;
  for (const read of policy.models) {
    // A rule at a token budget reads the model's own samples (budget_pass_rates).
    const model = parseBudgetModel(read)?.model ?? read;
    if (known.includes(model)) continue;
    const role = roleName(policy, model);
    const where = role in roleFlags ? `--role ${role}` : role !== model ? `policy.roles.${role}` : "policy";
    const near = closest(model, known);
    const hint = distance(model, near) <= Math.max(3, Math.floor(model.length / 4)) ? `did you mean ${JSON.stringify(near)}? ` : "";
    throw new UsageError(
      `stage: ${where}: policy ${policy.name} reads model ${JSON.stringify(model)}, which the pipeline neither samples nor imports; ${hint}models: ${known.join(", ")}`,
    );
  }
}
