import { setMaxListeners } from "node:events";
import type { Rollout } from "../../../schemas/rollouts.js";
import { sha256Hex } from "../../core/hash.js";
import { buildMessages, type PromptTemplates } from "../../core/prompt-template.js";
import { SampleError } from "../../core/errors.js";
import { VerifierInfrastructureError, type CompletionVerifier } from "../../engines/verify/verify-completion.js";
import type { EndpointPool } from "../../engines/llm-client/endpoint-pool.js";
import type { CompletionChoice } from "../../engines/llm-client/openai-api.js";
import type { SampleUnit } from "./plan-work.js";
import { renderPrompt } from "./render-prompt.js";
import type { ServerPrompts } from "./server-prompts.js";
import { requestSeed } from "./request-seed.js";
import { completeInChunks, type ServerLimits } from "./request-chunks.js";
import type { RolloutStore } from "./rollout-store.js";
import type { SampleProgress } from "./sample-progress.js";
import { truncationCause, type TokenCountPlan } from "./token-counts.js";

/** A model ready to be sampled: its endpoint pool and resolved parameters. */
export interface SampleModel {
  id: string;
  servedName: string;
  pool: EndpointPool;
  api: "chat" | "completions";
  temperature: number;
  top_p: number;
  max_tokens: number;
  stop?: string[];
  /** Further sampling parameters sent as they are (top_k, min_p, repetition_penalty, chat_template_kwargs, ...). */
  extra?: Record<string, unknown>;
  promptTemplate?: string;
  /** `promptTemplate: "server"`: completions prompts come from the server's chat template, fetched once per problem. */
  serverPrompts?: ServerPrompts;
  /** Workers pulling units for this model (more than in-flight slots, so verification overlaps requests). */
  workers: number;
  /** What its server accepts, learned as it answers (the bound on n). */
  limits?: ServerLimits;
  /** How each sample's completion tokens are counted exactly. @default neither per-sample requests nor token ids */
  tokenCounts?: TokenCountPlan;
  /** The context size the server reports (llama.cpp n_ctx, vLLM max_model_len): tells a context cut from max_tokens. */
  contextTokens?: number;
}

export interface SampleUnitsOptions {
  models: ReadonlyMap<string, SampleModel>;
  store: RolloutStore;
  verifier: CompletionVerifier;
  progress: SampleProgress;
  templates?: PromptTemplates;
  /** @default 0 */
  seed?: number;
  /** @default 4 */
  requestSize?: number;
  /** @default true */
  keepCompletions?: boolean;
  /** Skip a problem whose request the server rejects (4xx) instead of stopping the run. @default false */
  skipBadRequests?: boolean;
  /** Attempts to verify a completion when the sandbox itself fails. @default 3 */
  verifyAttempts?: number;
  /** Sees every stored batch (the adaptive sampler reads correctness from here). */
  onRollouts?: (rows: readonly Rollout[]) => void;
}

export interface SampleUnitsResult {
  rollouts: number;
  /** Requests the server refused for their problem, skipped (sampling.onBadRequest "skip"). */
  skipped: { problemId: string; model: string; error: string }[];
}

/** Requests of a model refused before any succeeds after which the refusal is the run's, not a problem's. */
const REFUSALS_BEFORE_STOP = 5;

/**
 * Samples units: one request per unit (n = the chunk's span), verifies each choice as it arrives and
 * stores the missing ones. The first fatal error stops new requests; what finished is stored, then it throws.
 */
export async function sampleUnits(units: readonly SampleUnit[], options: SampleUnitsOptions): Promise<SampleUnitsResult> {
  const { models, store, progress } = options;
  const byModel = new Map<string, SampleUnit[]>();
  for (const unit of units) {
    if (!models.has(unit.model)) throw new Error(`sample: unit for unknown model ${unit.model}`);
    byModel.get(unit.model)?.push(unit) ?? byModel.set(unit.model, [unit]);
  }
  let fatal: unknown;
  // On the first fatal error, requests in flight are abandoned (they are redone on resume); stored work stays.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // every worker waiting on the model's endpoints listens to it
  let rollouts = 0;
  const skipped: SampleUnitsResult["skipped"] = [];
  const work = [...byModel].map(async ([modelId, queue]) => {
    const model = models.get(modelId)!;
    let next = 0;
    let refusedFromStart = 0;
    const worker = async () => {
      while (!fatal && next < queue.length) {
        const unit = queue[next++];
        try {
          const added = await sampleUnit(unit, model, options, stop.signal);
          rollouts += added;
        } catch (error) {
          // A refusal for one problem is skipped while others get through; refusals from the start (a setting
          // the server cannot serve, e.g. max_tokens over its context) stop the run instead of skipping everything.
          if (error instanceof SampleError && options.skipBadRequests && (progress.stats(modelId).done > 0 || ++refusedFromStart < REFUSALS_BEFORE_STOP)) {
            skipped.push({ problemId: unit.problem.id, model: modelId, error: error.message });
            progress.stats(modelId).errors++;
            continue;
          }
          if (stop.signal.aborted) continue;
          progress.stats(modelId).errors++;
          fatal ??= error;
          stop.abort(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(model.workers, queue.length) }, worker));
    if (!fatal && refusedFromStart > 0 && progress.stats(modelId).done === 0) fatal = new SampleError(skipped.find((s) => s.model === modelId)!.error, skipped.find((s) => s.model === modelId)!.problemId);
    progress.emit(modelId, true);
  });
  await Promise.all(work);
  await store.flush();
  if (fatal) throw fatal;
  return { rollouts, skipped };
}

async function sampleUnit(unit: SampleUnit, model: SampleModel, options: SampleUnitsOptions, stop: AbortSignal): Promise<number> {
  const { seed = 0, keepCompletions = true, progress, store } = options;
  const stats = progress.stats(model.id);
  // A part of a chunk from `from` asks choices from..last with the chunk's seed + offset: choice j of a
  // request is sampled with seed + j (llama.cpp, vLLM V1), so these are the whole chunk's samples.
  const from = unit.from ?? unit.start;
  const n = unit.indices[unit.indices.length - 1] - from + 1;
  const requestSeedValue = requestSeed(seed, unit.problem.id, model.id, unit.start) + (from - unit.start);
  const messages = buildMessages(unit.problem, options.templates);
  const label = { problemId: unit.problem.id, text: `problem ${unit.problem.id} samples ${from}..${from + n - 1} (seed ${requestSeedValue})` };
  stats.requests++;
  const limits = (model.limits ??= {});
  // Requests of one sample (llama.cpp: the same samples as n = k) carry each sample's exact usage.
  if (model.tokenCounts?.perSampleRequests) limits.maxN = 1;
  const result = await completeInChunks(
    model.pool,
    limits,
    {
      api: model.api,
      model: model.servedName,
      messages,
      ...(model.api === "completions" ? { prompt: model.serverPrompts ? await model.serverPrompts.render(messages, label, stop) : renderPrompt(messages, model.promptTemplate) } : {}),
      n,
      temperature: model.temperature,
      top_p: model.top_p,
      max_tokens: model.max_tokens,
      seed: requestSeedValue,
      ...(model.stop ? { stop: model.stop } : {}),
      ...(model.extra && Object.keys(model.extra).length ? { extra: model.extra } : {}),
      ...(model.tokenCounts?.returnTokenIds ? { returnTokenIds: true } : {}),
    },
    label,
    stop,
  );
  const wanted = new Set(unit.indices);
  const chosen = result.choices.filter((c) => wanted.has(from + c.index));
  progress.verifying(model.id, chosen.length);
  const verdicts = await Promise.all(chosen.map((choice) => verifyWithRetry(options, unit, choice))).finally(() => progress.verifying(model.id, -chosen.length));
  const now = new Date().toISOString();
  const rows: Rollout[] = chosen.map((choice, i) => ({
    problem_id: unit.problem.id,
    model: model.id,
    sample_index: from + choice.index,
    completion: keepCompletions ? choice.text : null,
    completion_sha256: sha256Hex(choice.text),
    completion_chars: choice.text.length,
    finish_reason: choice.finish_reason,
    truncation: truncationCause(choice.finish_reason, choice.completion_tokens, result.prompt_tokens, model.max_tokens, model.contextTokens),
    prompt_tokens: result.prompt_tokens,
    completion_tokens: choice.completion_tokens,
    completion_tokens_source: choice.completion_tokens_source,
    latency_ms: Math.round(result.latency_ms * 10) / 10,
    ...verdicts[i],
    endpoint: result.endpoint,
    // The per-sample seed: seed + j for choice j (what llama.cpp and vLLM's V1 engine sample it with; SGLang draws all n from the request's seed).
    seed: requestSeedValue + choice.index,
    // The request (or chunk) the sample came from: its prompt is counted once in stats, not once per sample.
    request_start: unit.start + result.requests.findLast((r) => r.start <= choice.index)!.start,
    created_at: now,
  }));
  const added = await store.add(rows);
  stats.done += added;
  stats.prompt_tokens += result.requests.reduce((sum, r) => sum + (r.prompt_tokens ?? 0), 0); // once per request sent
  stats.completion_tokens += rows.reduce((sum, r) => sum + (r.completion_tokens ?? 0), 0);
  stats.tokens_unknown += rows.filter((r) => r.completion_tokens === null).length;
  stats.truncated += rows.filter((r) => r.finish_reason === "length").length;
  stats.truncated_by_context += rows.filter((r) => r.truncation === "context").length;
  stats.correct += rows.filter((r) => r.correct).length;
  options.onRollouts?.(rows);
  progress.emit(model.id);
  return added;
}

async function verifyWithRetry(options: SampleUnitsOptions, unit: SampleUnit, choice: CompletionChoice) {
  const attempts = options.verifyAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.verifier.verify(unit.problem, choice);
    } catch (error) {
      if (!(error instanceof VerifierInfrastructureError) || attempt >= attempts) throw error;
      options.progress.stats(unit.model).retries++;
    }
  }
}
