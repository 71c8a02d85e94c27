import { defineTable, type RowOfTable } from "./table.js";

/**
 * One row per (problem, model) the staging policy reads, written by adaptive sampling: how many of the
 * n samples were drawn and why it stopped. Pass rates of `decided` rows are not exact (see `fact`).
 */
export const samplingDecisionsTable = defineTable({
  name: "sampling_decisions",
  description: "Adaptive sampling: per (problem, model), samples drawn of n, what they prove, and why sampling stopped.",
  key: ["problem_id", "model"],
  columns: {
    problem_id: { kind: "varchar", description: "problems.id" },
    model: { kind: "varchar", description: "Model id." },
    target_samples: { kind: "integer", description: "n: samples a full run draws per (problem, model)." },
    samples: { kind: "integer", description: "Samples drawn (indices below n)." },
    passes: { kind: "integer", description: "Drawn samples with score = 1." },
    completion_tokens: { kind: "bigint", description: "Completion tokens of the drawn samples." },
    requests: { kind: "integer", description: "Requests that draw the drawn samples: one per aligned chunk holding one, or with growing requests (sampling.adaptive.growRequests) the 1, 1, 2, ... requests that ask them." },
    request_size: { kind: "integer", description: "Samples per request chunk (sampling.requestSize)." },
    status: {
      kind: "varchar",
      enum: ["exact", "decided", "bounded", "skipped"],
      description:
        "exact: all n drawn (pass rate exact); decided: stopped early, no further sample could change a label; bounded: stopped early on a value policy, the label differs from full sampling's with probability label_error <= sampling.adaptive.delta; skipped: no rule needed this model.",
    },
    fact: {
      kind: "varchar",
      description: "What the drawn samples prove about the pass rate over all n: 0, (0,1), 1, >0, <1, or unknown (skipped).",
    },
    outcome: { kind: "varchar", description: "The problem's staging outcome: dropped, excluded, truncated, or the levels it is in (e.g. L1,L3; none)." },
    policy: { kind: "varchar", description: "The staging policy the decision was made for, as name@config-hash (the stage's `versions.policy`)." },
    exactness: {
      kind: "varchar",
      enum: ["levels", "rules"],
      description: "sampling.adaptive.exactness: levels (outcome and levels equal full sampling's) or rules (each level's rule name too).",
    },
    problem_status: { kind: "varchar", enum: ["staged", "dropped", "excluded", "truncated"], description: "The problem's status, as the stage reports it." },
    labels: {
      kind: "list",
      of: { kind: "struct", fields: { level: { kind: "varchar" }, rule: { kind: "varchar" } } },
      description:
        "The staged rows the decision gives: per level, the rule the samples prove (exact under exactness rules; under levels a rule name, or `one of: A | B` listing every rule still possible). The stage uses these for problems whose samples are incomplete.",
    },
    label_error: {
      kind: "double",
      description:
        "Posterior predictive probability (uniform Beta prior on each pass rate) that full sampling's label differs from `labels`: 0 when the drawn samples prove it, else at most sampling.adaptive.delta (value policies only).",
    },
  },
});

export type SamplingDecisionRow = RowOfTable<typeof samplingDecisionsTable>;
