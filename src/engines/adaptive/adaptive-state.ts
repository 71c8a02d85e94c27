import type { Domain } from "../../../schemas/problems.js";
import type { SamplingDecisionRow } from "../../../schemas/sampling-decisions.js";
import type { PolicyDecision } from "../policy/evaluate-policy.js";
import { configHash } from "../../core/hash.js";
import type { CompiledPolicy } from "../policy/compiled-policy.js";
import type { AdaptivePlan } from "./adaptive-plan.js";
import { decideProblem, semanticsFor } from "./decide-problem.js";
import { ModelEvidence, type ScoredSample } from "./model-evidence.js";

/** One request to make: the undrawn indices of one aligned chunk of (problem, model). */
export interface AdaptiveChunk {
  problemId: string;
  model: string;
  start: number;
  indices: number[];
}

interface ProblemState {
  id: string;
  domain: Domain;
  evidence: Map<string, ModelEvidence>;
  decision?: PolicyDecision;
  /** Value mode: posterior predictive probability that full sampling's label differs (0: proven). */
  labelError?: number;
}

/**
 * The adaptive sampler's bookkeeping, free of I/O: what is drawn per (problem, model), which chunks to
 * request next, and when a problem is settled. The engine and the tests drive it the same way.
 */
export class AdaptiveState {
  private readonly problems = new Map<string, ProblemState>();

  constructor(
    readonly plan: AdaptivePlan,
    problems: Iterable<{ id: string; domain: Domain }>,
    readonly samples: number,
    readonly requestSize: number,
  ) {
    for (const p of problems) {
      this.problems.set(p.id, { id: p.id, domain: p.domain, evidence: new Map(plan.cascade.map((m) => [m, new ModelEvidence(samples)])) });
    }
  }

  /** Records a scored sample (unknown problems and models the policy does not read are ignored). */
  record(problemId: string, model: string, sample: ScoredSample): void {
    this.problems.get(problemId)?.evidence.get(model)?.add(sample);
  }

  evidence(problemId: string, model: string): ModelEvidence | undefined {
    return this.problems.get(problemId)?.evidence.get(model);
  }

  get undecided(): string[] {
    return [...this.problems.values()].filter((p) => !p.decision).map((p) => p.id);
  }

  decision(problemId: string): PolicyDecision | undefined {
    return this.problems.get(problemId)?.decision;
  }

  /**
   * The chunks to request next for a problem, or [] when it is settled (its decision is then kept).
   * Chunks are the full run's aligned chunks, so the per-request seeds are the same.
   */
  next(problemId: string): AdaptiveChunk[] {
    const p = this.problems.get(problemId);
    if (!p) throw new Error(`sample: adaptive: unknown problem ${problemId}`);
    if (p.decision) return [];
    const step = decideProblem(this.plan, p, p.evidence);
    if (step.kind === "decided") {
      p.decision = step.decision;
      p.labelError = step.labelError ?? 0;
      return [];
    }
    if (step.models.length === 0) throw new Error(`sample: adaptive: problem ${problemId} is undecided but no model can settle it (policy ${this.plan.policy.name})`);
    return step.models.map((model) => this.nextChunk(p, model));
  }

  private nextChunk(p: ProblemState, model: string): AdaptiveChunk {
    const ev = p.evidence.get(model)!;
    for (let start = 0; start < this.samples; start += this.requestSize) {
      const indices: number[] = [];
      for (let i = start; i < Math.min(start + this.requestSize, this.samples); i++) if (!ev.has(i)) indices.push(i);
      if (indices.length) return { problemId: p.id, model, start, indices };
    }
    throw new Error(`sample: adaptive: ${model} on problem ${p.id} has all ${this.samples} samples yet is still needed`);
  }

  /** One row per (problem, model) of the cascade, for settled problems. */
  decisionRows(): SamplingDecisionRow[] {
    const rows: SamplingDecisionRow[] = [];
    const policy = policyVersion(this.plan.policy);
    for (const p of this.problems.values()) {
      if (!p.decision) continue;
      const { status } = p.decision;
      if (status === "undecided") throw new Error(`sample: adaptive: problem ${p.id} settled as undecided (policy ${this.plan.policy.name})`);
      const labels = p.decision.levels.map((l) => ({ level: l.level, rule: l.rule }));
      const outcome = p.decision.status === "staged" ? [...new Set(p.decision.levels.map((l) => l.level))].join(",") || "none" : p.decision.status;
      for (const [model, ev] of p.evidence) {
        rows.push({
          problem_id: p.id,
          model,
          target_samples: this.samples,
          samples: ev.drawn,
          passes: ev.passes,
          completion_tokens: ev.completionTokens,
          requests: ev.chunks(this.requestSize),
          request_size: this.requestSize,
          status: ev.drawn === 0 ? "skipped" : ev.remaining === 0 ? "exact" : (p.labelError ?? 0) > 0 ? "bounded" : "decided",
          fact: ev.drawn === 0 ? "unknown" : ev.fact(semanticsFor(this.plan, p.domain)),
          outcome,
          policy,
          exactness: this.plan.exactness,
          problem_status: status,
          labels,
          label_error: p.labelError ?? 0,
        });
      }
    }
    return rows;
  }
}

/** The policy as the stage names its version (`name@config-hash`): decisions apply only to that policy. */
export function policyVersion(policy: CompiledPolicy): string {
  return `${policy.name}@${configHash(policy)}`;
}
