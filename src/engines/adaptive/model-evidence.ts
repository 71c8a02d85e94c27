import type { ModelFacts } from "../policy/evaluate-policy.js";
import { remainingPassesPmf } from "./beta-binomial.js";

/** One scored sample as the adaptive sampler needs it (a rollout row has these fields). */
export interface ScoredSample {
  sample_index: number;
  score: number;
  finish_reason: string;
  completion_tokens: number | null;
}

/** How the policy reads a model's pass rate on a problem (decides what counts as a pass and a failure). */
export interface EvidenceSemantics {
  /** Code pass rate is the mean test score (policy `codePassRate: "mean_score"`), not the share of full passes. */
  meanScore: boolean;
  /** The policy reads "every sample hit the length limit" (`truncation: "separate"`). */
  truncation: boolean;
}

/** The pass rate's category over all n samples: 0, in between, or 1. */
export type Category = "zero" | "mid" | "all";

/**
 * What is drawn of one (problem, model): samples below n, keyed by index (a resumed run may hold any
 * subset). Grade counts a pass as score >= 1, so this does too.
 */
export class ModelEvidence {
  private readonly samples = new Map<number, ScoredSample>();

  constructor(readonly n: number) {}

  get drawn(): number {
    return this.samples.size;
  }

  get remaining(): number {
    return this.n - this.samples.size;
  }

  has(index: number): boolean {
    return this.samples.has(index);
  }

  add(sample: ScoredSample): void {
    if (sample.sample_index >= 0 && sample.sample_index < this.n) this.samples.set(sample.sample_index, sample);
  }

  get passes(): number {
    let passes = 0;
    for (const s of this.samples.values()) if (s.score >= 1) passes++;
    return passes;
  }

  get completionTokens(): number {
    let tokens = 0;
    for (const s of this.samples.values()) tokens += s.completion_tokens ?? 0;
    return tokens;
  }

  /** The facts grade will compute from the drawn samples (undefined when none is drawn). */
  observed(): ModelFacts | undefined {
    const k = this.samples.size;
    if (k === 0) return undefined;
    let score = 0;
    let truncated = 0;
    for (const s of this.samples.values()) {
      score += s.score;
      if (s.finish_reason === "length") truncated++;
    }
    return { passes: this.passes, samples: k, mean_score: score / k, truncation_rate: truncated / k };
  }

  /**
   * Facts standing for every final state over all n samples that is still possible, one per
   * distinguishable class (category × length-limited). A superset is safe: it only means more sampling.
   */
  possible(semantics: EvidenceSemantics): ModelFacts[] {
    const list = [...this.samples.values()];
    const r = this.remaining;
    const hit = (s: ScoredSample) => (semantics.meanScore ? s.score > 0 : s.score >= 1);
    const hits = list.filter(hit).length;
    const misses = list.filter((s) => s.score < 1).length;
    const correct = list.filter((s) => s.score >= 1).length;
    const truncated = list.filter((s) => s.finish_reason === "length").length;
    // Length-limited: no full pass and every sample truncated (evaluatePolicy's test).
    const limited = semantics.truncation && correct === 0 && truncated === list.length;
    const notLimited = !semantics.truncation || correct > 0 || truncated < list.length || r > 0;
    const out: ModelFacts[] = [];
    if (hits === 0) {
      if (limited) out.push(REPRESENTATIVE.zeroLimited);
      if (notLimited) out.push(REPRESENTATIVE.zero);
    }
    if ((hits > 0 || r > 0) && (misses > 0 || r > 0)) {
      out.push(REPRESENTATIVE.mid);
      // Only partial code scores can be "in between" with no full pass.
      if (semantics.meanScore && limited) out.push(REPRESENTATIVE.midLimited);
    }
    if (misses === 0) out.push(REPRESENTATIVE.all);
    return out;
  }

  /**
   * Value policies: the final states over all n still possible, with their posterior predictive
   * probabilities (see beta-binomial.ts). Final pass counts that `classOf` maps to the same class (the
   * policy's tests on this model all answer alike) are merged into one state, standing for the lowest.
   * Passes are score >= 1; the policy reads neither mean scores nor truncation here (adaptivePlan
   * refuses those in value mode).
   */
  weightedFinals(classOf: (passes: number) => string): { facts: ModelFacts; p: number }[] {
    const passes = this.passes;
    const byClass = new Map<string, { facts: ModelFacts; p: number }>();
    remainingPassesPmf(passes, this.drawn, this.remaining).forEach((p, j) => {
      const k = passes + j;
      const cls = classOf(k);
      const entry = byClass.get(cls);
      if (entry) entry.p += p;
      else byClass.set(cls, { facts: { passes: k, samples: this.n, mean_score: k / this.n, truncation_rate: 0 }, p });
    });
    return [...byClass.values()];
  }

  /** What the drawn samples prove about the category over all n, in words (for the decisions table). */
  fact(semantics: EvidenceSemantics): string {
    const categories = new Set(this.possible({ ...semantics, truncation: false }).map(categoryOf));
    const has = (c: Category) => categories.has(c);
    if (categories.size === 1) return has("zero") ? "0" : has("all") ? "1" : "(0,1)";
    if (categories.size === 3) return "unknown";
    return has("zero") ? "<1" : ">0";
  }
}

/** One ModelFacts per class; only the category and the length-limited flag matter to category-level tests. */
const REPRESENTATIVE = {
  zero: { passes: 0, samples: 1, mean_score: 0, truncation_rate: 0 },
  zeroLimited: { passes: 0, samples: 1, mean_score: 0, truncation_rate: 1 },
  mid: { passes: 1, samples: 2, mean_score: 0.5, truncation_rate: 0 },
  midLimited: { passes: 0, samples: 2, mean_score: 0.5, truncation_rate: 1 },
  all: { passes: 1, samples: 1, mean_score: 1, truncation_rate: 0 },
} as const satisfies Record<string, ModelFacts>;

export function categoryOf(facts: ModelFacts): Category {
  const rate = facts.mean_score ?? facts.passes / facts.samples;
  return rate <= 0 ? "zero" : rate >= 1 ? "all" : "mid";
}
