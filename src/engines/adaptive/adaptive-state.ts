import type { Domain } from "../../../schemas/problems.js";
import type { SamplingDecisionRow } from "../../../schemas/sampling-decisions.js";
import type { PolicyDecision } from "../policy/evaluate-policy.js";
import { configHash } from "../../core/hash.js";
import type { CompiledPolicy } from "../policy/compiled-policy.js";
import type { AdaptivePlan } from "./adaptive-plan.js";
import { decideProblem, semanticsFor } from "./decide-problem.js";
import { ModelEvidence, type ScoredSample } from "./model-evidence.js";

/**
 * One request to make: undrawn indices of one aligned chunk of (problem, model). The request asks choices
 * `from`..last (seed: the chunk's + from - start); `from` is the chunk's start unless requests grow.
 */
export interface AdaptiveChunk {
  problemId: string;
  model: string;
  start: number;
  from: number;
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
  /** Models asked in growing requests: all with growRequests true; with "auto", those `setGrowth` names. */
  private readonly growing = new Set<string>();

  constructor(
    readonly plan: AdaptivePlan,
    problems: Iterable<{ id: string; domain: Domain }>,
    readonly samples: number,
    readonly requestSize: number,
  ) {
    if (plan.growRequests === true) for (const m of plan.cascade) this.growing.add(m);
    for (const p of problems) {
      this.problems.set(p.id, { id: p.id, domain: p.domain, evidence: new Map(plan.cascade.map((m) => [m, new ModelEvidence(samples)])) });
    }
  }

  /**
   * growRequests "auto": whether a model's requests grow, once its server is known (it samples choice j with
   * seed + j). Call before the first request; true or false settings are not changed.
   */
  setGrowth(model: string, on: boolean): void {
    if (this.plan.growRequests !== "auto") return;
    if (on) this.growing.add(model);
    else this.growing.delete(model);
  }

  /** Whether a model's requests grow. */
  grows(model: string): boolean {
    return this.growing.has(model);
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
   * Chunks are the full run's aligned chunks, so the per-request seeds are the same; with growing
   * requests a chunk is asked in parts (see `growRequests`), each from its first undrawn index.
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
    const next = nextRequest(this.samples, this.requestSize, this.grows(model), (i) => ev.has(i), ev.drawn);
    if (next) return { problemId: p.id, model, ...next };
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
          requests: requestsFor(this.samples, this.requestSize, this.grows(model), (i) => ev.has(i)),
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

/**
 * The next request for one (problem, model): the first aligned chunk with an undrawn index. Without growth
 * it asks the chunk from its start (drawn indices in it are asked again and dropped, as a full run's resume
 * does); with growth from its first undrawn index, `max(1, drawn)` choices, at most to the chunk's end.
 */
export function nextRequest(samples: number, requestSize: number, grow: boolean, has: (index: number) => boolean, drawn: number): { start: number; from: number; indices: number[] } | undefined {
  for (let start = 0; start < samples; start += requestSize) {
    const end = Math.min(start + requestSize, samples);
    let first = start;
    while (first < end && has(first)) first++;
    if (first === end) continue;
    const from = grow ? first : start;
    const last = grow ? Math.min(end, first + Math.max(1, drawn)) : end;
    const indices: number[] = [];
    for (let i = first; i < last; i++) if (!has(i)) indices.push(i);
    return { start, from, indices };
  }
  return undefined;
}

/**
 * Requests a (problem, model)'s drawn samples count as: those `nextRequest` makes to draw exactly them
 * from nothing. A function of the drawn set alone, so a resumed run writes the same decision rows.
 */
export function requestsFor(samples: number, requestSize: number, grow: boolean, drawn: (index: number) => boolean): number {
  const covered = new Set<number>();
  let got = 0;
  let requests = 0;
  for (;;) {
    // Undrawn indices are not wanted: the replay asks only for what is drawn.
    const next = nextRequest(samples, requestSize, grow, (i) => covered.has(i) || !drawn(i), got);
    if (!next) return requests;
    requests++;
    got += next.indices.length;
    const end = grow ? next.indices[next.indices.length - 1] + 1 : Math.min(next.start + requestSize, samples);
    for (let i = next.from; i < end; i++) covered.add(i);
  }
}

/** The policy as the stage names its version (`name@config-hash`): decisions apply only to that policy. */
export function policyVersion(policy: CompiledPolicy): string {
  return `${policy.name}@${configHash(policy)}`;
}
