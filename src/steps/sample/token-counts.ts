import type { Truncation } from "../../../schemas/rollouts.js";
import type { TokenCountsSetting } from "../../engines/config/model-spec.js";

/** Servers whose per-choice token reporting rungs knows, by the `owned_by` of their `/v1/models` entry. */
export type ServerKind = "vllm" | "sglang" | "llamacpp";

export function serverKind(ownedBy: string | undefined): ServerKind | undefined {
  return ownedBy === "vllm" || ownedBy === "sglang" || ownedBy === "llamacpp" ? ownedBy : undefined;
}

/** How a model's requests are sent so that each sample's completion tokens are counted exactly. */
export interface TokenCountPlan {
  /**
   * Requests of one sample, sample j with seed + j: their usage is that sample's. On llama.cpp these are the
   * samples of one n = k request (it samples choice j with seed + j); so does vLLM's V1 engine; on SGLang they are other draws.
   */
  perSampleRequests: boolean;
  /** Ask for each choice's token ids (vLLM >= 0.10.2 `return_token_ids`) and count them. */
  returnTokenIds: boolean;
}

/**
 * The plan for a model from `sampling.tokenCounts` and the server its `/v1/models` entry names, with a note
 * when requests of more than one sample will leave counts unknown (null, never an estimate).
 */
export function tokenCountPlan(setting: TokenCountsSetting, server: ServerKind | undefined, requestSize: number, model: string): TokenCountPlan & { note?: string } {
  const plan: TokenCountPlan = {
    perSampleRequests: setting === "per-sample-requests" || (setting === "auto" && server === "llamacpp"),
    returnTokenIds: setting === "token-ids" || (setting === "auto" && server === "vllm"),
  };
  if (requestSize === 1 || plan.perSampleRequests || plan.returnTokenIds) return plan;
  const who = server ? `its server (${server})` : "its server (not recognised from /v1/models owned_by)";
  return {
    ...plan,
    note:
      `sample: ${model}: ${who} reports no per-sample token counts for requests of ${requestSize} samples, so completion_tokens is null (unknown) for them; ` +
      `sampling.tokenCounts "per-sample-requests" counts every sample (requests of one sample)${server === "vllm" || server === undefined ? ', "token-ids" asks vLLM >= 0.10.2 for token ids' : ""}`,
  };
}

/**
 * What cut a sample that finished with "length": max_tokens when it used them all; the context when prompt
 * and completion filled the context size the server reports (llama.cpp silently lowers max_tokens to what
 * fits its slot); null when it did not finish by length or the counts cannot tell.
 */
export function truncationCause(
  finishReason: string,
  completionTokens: number | null,
  promptTokens: number | null,
  maxTokens: number,
  contextTokens: number | undefined,
): Truncation | null {
  if (finishReason !== "length" || completionTokens === null) return null;
  if (completionTokens >= maxTokens) return "max_tokens";
  if (contextTokens !== undefined && promptTokens !== null && promptTokens + completionTokens >= contextTokens) return "context";
  return null;
}

/** Models asked for token ids whose server returned none for requests of several samples (vLLM < 0.10.2 ignores the field). */
export function ignoredTokenIdsNotes(models: ReadonlyMap<string, { tokenCounts?: TokenCountPlan }>, summary: Record<string, { tokens_unknown: number }>): string[] {
  return [...models]
    .filter(([id, m]) => m.tokenCounts?.returnTokenIds && (summary[id]?.tokens_unknown ?? 0) > 0)
    .map(
      ([id]) =>
        `sample: ${id}: asked for return_token_ids, the server returned none for ${summary[id].tokens_unknown} samples of requests of several (vLLM before 0.10.2 ignores the field), so their completion_tokens is null; sampling.tokenCounts "per-sample-requests" counts every sample`,
    );
}
