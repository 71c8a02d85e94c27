import type { AdaptiveChunk, AdaptiveState } from "./adaptive-state.js";
import type { ScoredSample } from "./model-evidence.js";

export interface SimulateAdaptiveResult {
  /** Rounds until every problem was settled. */
  rounds: number;
  /** Samples drawn per model. */
  samples: Record<string, number>;
  /** Requests (chunks) made per model. */
  requests: Record<string, number>;
}

/**
 * Drives an AdaptiveState in lock-step rounds with a synchronous sample source (`draw` returns the
 * samples of one chunk): the engine's logic without servers, for tests and cost estimates.
 */
export function simulateAdaptive(state: AdaptiveState, draw: (chunk: AdaptiveChunk) => ScoredSample[]): SimulateAdaptiveResult {
  const samples: Record<string, number> = {};
  const requests: Record<string, number> = {};
  let rounds = 0;
  for (;;) {
    const chunks = state.undecided.flatMap((id) => state.next(id));
    if (chunks.length === 0) break;
    rounds++;
    for (const chunk of chunks) {
      requests[chunk.model] = (requests[chunk.model] ?? 0) + 1;
      for (const sample of draw(chunk)) {
        if (!chunk.indices.includes(sample.sample_index)) continue;
        samples[chunk.model] = (samples[chunk.model] ?? 0) + 1;
        state.record(chunk.problemId, chunk.model, sample);
      }
    }
  }
  return { rounds, samples, requests };
}
