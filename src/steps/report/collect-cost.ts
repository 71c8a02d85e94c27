import type { Manifest } from "../../core/manifest.js";
import type { RunStats } from "../../engines/stats/compute-stats.js";

export interface ModelCost {
  model: string;
  samples: number;
  promptTokens: number;
  completionTokens: number;
  meanCompletionTokens: number | null;
  truncationRate: number;
  /** Requests as the sample step recorded them (its last run), else the request chunks of the pairs sampled. */
  requests: number;
  requestsEstimated: boolean;
  /** (problem, model) pairs sampled. */
  pairs: number;
}

export interface AdaptiveSavings {
  /** Samples a full run would draw: pairs × samples per pair. */
  fullSamples: number;
  drawnSamples: number;
  savedSamples: number;
  /** Completion tokens not spent, estimated with each model's mean completion length. */
  savedTokensEstimate: number;
  /** What the sample step itself recorded about savings, when it did. */
  recorded?: Record<string, unknown>;
}

export interface Cost {
  models: ModelCost[];
  samplesPerPair?: number;
  mode: string;
  adaptive?: AdaptiveSavings;
}

/**
 * Tokens and requests per model from the stats' rollout figures (no further scan of the rollouts),
 * requests from the manifest when its last sample run covered every stored rollout, else from the
 * request chunks a full run needs; adaptive runs report their own accounting (sampling_decisions).
 */
export function collectCost(stats: Pick<RunStats, "rollouts" | "passRates">, manifest: Manifest, samplesPerPair: number | undefined, mode: string, requestSize: number): Cost {
  const pairsOf = new Map(stats.passRates.map((p) => [p.model, p.problems]));
  const recorded = (manifest.steps.sample?.details?.models ?? {}) as Record<string, { requests?: number; done?: number }>;
  const models = stats.rollouts.map((r): ModelCost => {
    const rec = recorded[r.model];
    const pairs = pairsOf.get(r.model) ?? Math.ceil(r.samples / (samplesPerPair ?? 1));
    // The manifest holds the last sample run only: trust it when that run produced every stored rollout.
    const complete = rec?.requests !== undefined && rec.done === r.samples;
    const perPair = Math.ceil((samplesPerPair ?? r.samples / Math.max(1, pairs)) / requestSize);
    return {
      model: r.model, samples: r.samples, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, meanCompletionTokens: r.mean_completion_tokens, truncationRate: r.truncation_rate,
      pairs, requests: complete ? rec.requests! : pairs * perPair, requestsEstimated: !complete,
    };
  });
  const cost: Cost = { models, samplesPerPair, mode };
  const drawn = models.reduce((n, m) => n + m.samples, 0);
  const full = samplesPerPair ? models.reduce((n, m) => n + m.pairs * samplesPerPair, 0) : drawn;
  const recordedSavings = (manifest.steps.sample?.details?.savings ?? undefined) as Record<string, unknown> | undefined;
  if (mode === "adaptive" || drawn < full || recordedSavings) {
    const savedTokensEstimate = samplesPerPair ? models.reduce((n, m) => n + Math.max(0, m.pairs * samplesPerPair - m.samples) * (m.meanCompletionTokens ?? 0), 0) : 0;
    cost.adaptive = { fullSamples: full, drawnSamples: drawn, savedSamples: Math.max(0, full - drawn), savedTokensEstimate: Math.round(savedTokensEstimate), recorded: recordedSavings };
  }
  return cost;
}
