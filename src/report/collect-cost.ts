import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../core/duckdb.js";
import type { Manifest } from "../core/manifest.js";

export interface ModelCost {
  model: string;
  samples: number;
  promptTokens: number;
  completionTokens: number;
  meanCompletionTokens: number | null;
  truncationRate: number;
  /** Requests as the sample step recorded them (its last run), else counted from the stored request chunks. */
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
 * Tokens and requests per model from the rollouts (the truth on disk), requests from the manifest when
 * recorded, and for adaptive runs the samples and tokens that stopping early saved.
 */
export async function collectCost(db: DuckDBConnection, views: Record<string, string>, manifest: Manifest, samplesPerPair: number | undefined, mode: string, requestSize: number): Promise<Cost> {
  if (!views.rollouts) return { models: [], samplesPerPair, mode };
  const rows = await queryRows<Omit<ModelCost, "requests" | "requestsEstimated"> & { chunks: number }>(
    db,
    `SELECT model, count(*)::BIGINT AS samples, coalesce(sum(prompt_tokens), 0)::BIGINT AS "promptTokens", coalesce(sum(completion_tokens), 0)::BIGINT AS "completionTokens",
       avg(completion_tokens)::DOUBLE AS "meanCompletionTokens", avg(CASE WHEN finish_reason = 'length' THEN 1.0 ELSE 0.0 END)::DOUBLE AS "truncationRate",
       count(DISTINCT problem_id)::BIGINT AS pairs, count(DISTINCT (problem_id, sample_index // ${requestSize}))::BIGINT AS chunks
     FROM rollouts GROUP BY model ORDER BY model`,
  );
  const recorded = (manifest.steps.sample?.details?.models ?? {}) as Record<string, { requests?: number; done?: number }>;
  const models = rows.map(({ chunks, ...r }): ModelCost => {
    const rec = recorded[r.model];
    // The manifest holds the last sample run only: trust it when that run produced every stored rollout.
    const complete = rec?.requests !== undefined && rec.done === r.samples;
    return { ...r, requests: complete ? rec.requests! : chunks, requestsEstimated: !complete };
  });
  const cost: Cost = { models, samplesPerPair, mode };
  const drawn = models.reduce((n, m) => n + m.samples, 0);
  const full = samplesPerPair ? models.reduce((n, m) => n + m.pairs * samplesPerPair, 0) : drawn;
  const sampleDetails = manifest.steps.sample?.details ?? {};
  const recordedSavings = (sampleDetails.savings ?? undefined) as Record<string, unknown> | undefined;
  if (mode === "adaptive" || drawn < full || recordedSavings) {
    const savedTokensEstimate = samplesPerPair
      ? models.reduce((n, m) => n + Math.max(0, m.pairs * samplesPerPair - m.samples) * (m.meanCompletionTokens ?? 0), 0)
      : 0;
    cost.adaptive = { fullSamples: full, drawnSamples: drawn, savedSamples: Math.max(0, full - drawn), savedTokensEstimate: Math.round(savedTokensEstimate), recorded: recordedSavings };
  }
  return cost;
}
