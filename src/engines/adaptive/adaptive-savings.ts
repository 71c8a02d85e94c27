import type { SamplingDecisionRow } from "../../../schemas/sampling-decisions.js";

/** What adaptive sampling spent on one model, against what full sampling would have. */
export interface ModelSavings {
  problems: number;
  samples: number;
  samples_full: number;
  requests: number;
  requests_full: number;
  completion_tokens: number;
  /**
   * Estimate: the drawn tokens plus every undrawn sample at this model's observed mean tokens per
   * sample (adaptive stops early on easy problems, whose answers are shorter, so this leans low).
   * Null when nothing was drawn.
   */
  completion_tokens_full_estimate: number | null;
  /** Drawn tokens / estimated full tokens. */
  token_share: number | null;
}

export interface SavingsSummary {
  models: Record<string, ModelSavings>;
  total: { samples: number; samples_full: number; requests: number; requests_full: number; completion_tokens: number; completion_tokens_full_estimate: number | null; token_share: number | null };
}

/**
 * Totals per model from sampling-decision rows; `unused` pipeline models (no rule reads them) were
 * never sampled: full sampling would have drawn n per problem for them too, at unknown token cost.
 */
export function adaptiveSavings(rows: readonly SamplingDecisionRow[], unused: readonly string[] = []): SavingsSummary {
  const models: Record<string, ModelSavings> = {};
  const problems = new Set<string>();
  let n = 0;
  let requestSize = 1;
  for (const row of rows) {
    problems.add(row.problem_id);
    n = row.target_samples;
    requestSize = row.request_size;
    const m = (models[row.model] ??= { problems: 0, samples: 0, samples_full: 0, requests: 0, requests_full: 0, completion_tokens: 0, completion_tokens_full_estimate: null, token_share: null });
    m.problems++;
    m.samples += row.samples;
    m.samples_full += row.target_samples;
    m.requests += row.requests;
    m.requests_full += Math.ceil(row.target_samples / row.request_size);
    m.completion_tokens += Number(row.completion_tokens);
  }
  for (const model of unused) {
    models[model] = { problems: problems.size, samples: 0, samples_full: problems.size * n, requests: 0, requests_full: problems.size * Math.ceil(n / requestSize), completion_tokens: 0, completion_tokens_full_estimate: null, token_share: null };
  }
  for (const m of Object.values(models)) {
    if (m.samples > 0) {
      m.completion_tokens_full_estimate = Math.round(m.completion_tokens + (m.samples_full - m.samples) * (m.completion_tokens / m.samples));
      m.token_share = m.completion_tokens_full_estimate > 0 ? round(m.completion_tokens / m.completion_tokens_full_estimate) : null;
    }
  }
  const list = Object.values(models);
  const sum = (f: (m: ModelSavings) => number) => list.reduce((a, m) => a + f(m), 0);
  const known = list.filter((m) => m.completion_tokens_full_estimate !== null);
  const tokensFull = known.length ? sum((m) => m.completion_tokens_full_estimate ?? 0) : null;
  const tokens = sum((m) => m.completion_tokens);
  return {
    models,
    total: {
      samples: sum((m) => m.samples),
      samples_full: sum((m) => m.samples_full),
      requests: sum((m) => m.requests),
      requests_full: sum((m) => m.requests_full),
      completion_tokens: tokens,
      completion_tokens_full_estimate: tokensFull,
      token_share: tokensFull ? round(tokens / tokensFull) : null,
    },
  };
}

/** One line per model and a total, for step notes and `rungs stats`. */
export function savingsLines(summary: SavingsSummary): string[] {
  const pct = (x: number | null) => (x === null ? "?" : `${Math.round(x * 1000) / 10}%`);
  const line = (name: string, m: Omit<ModelSavings, "problems">) =>
    `${name}: ${m.samples}/${m.samples_full} samples, ${m.requests}/${m.requests_full} requests, ${m.completion_tokens} tokens of ~${m.completion_tokens_full_estimate ?? "?"} estimated for full sampling (${pct(m.token_share)})`;
  return [...Object.entries(summary.models).map(([model, m]) => line(model, m)), line("total", summary.total)];
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
