import { defineTable, type RowOfTable } from "./table.js";
import { VERDICTS } from "./rollouts.js";

export const JUDGE_OPINIONS = ["correct", "incorrect", "no_opinion"] as const;
export type JudgeOpinion = (typeof JUDGE_OPINIONS)[number];

/**
 * A judge model's second opinion on a rollout, beside the rule verdict (which stays in `rollouts`, never
 * overwritten). The opinion depends only on (judge_model, prompt_version, gold, answer): `cache_key` hashes
 * them, so a rerun or a rescore asks nothing it has asked before.
 */
export const judgeVerdictsTable = defineTable({
  name: "judge_verdicts",
  description: "A judge model's opinion on a rollout the rule verifier rejected (or a sampled correct one), beside the rule's verdict.",
  key: ["problem_id", "model", "sample_index", "judge_model", "prompt_version", "cache_key"],
  columns: {
    problem_id: { kind: "varchar", description: "rollouts.problem_id" },
    model: { kind: "varchar", description: "rollouts.model: the model that wrote the answer." },
    sample_index: { kind: "integer", description: "rollouts.sample_index" },
    judge_model: { kind: "varchar", description: "The judge model's id (verifier.judge.model)." },
    prompt_version: { kind: "varchar", description: "The judge prompt's version (verifier.judge.prompt.version)." },
    cache_key: { kind: "varchar", description: "sha256 of (judge_model, prompt_version, gold, answer_kind, answer): equal keys share one judgement." },
    rule_verdict: { kind: "varchar", enum: VERDICTS, description: "The rule verifier's verdict when the judge was asked (rollouts.verdict)." },
    reviewed_because: { kind: "varchar", enum: ["rule_rejected", "correct_sample"], description: "rule_rejected: a verdict the judge reviews; correct_sample: a sampled correct verdict (false-positive estimate)." },
    gold: { kind: "varchar", description: "The problem's ground-truth answer as sent to the judge." },
    answer_kind: { kind: "varchar", enum: ["extracted", "response"], description: "extracted: the rule's extracted answer; response: the response's tail (nothing was extracted)." },
    answer: { kind: "varchar", description: "What the judge compared with the gold." },
    completion_sha256: { kind: "varchar", description: "rollouts.completion_sha256 of the judged response." },
    opinion: { kind: "varchar", enum: JUDGE_OPINIONS, description: "correct | incorrect | no_opinion (the judge's answer did not end in exactly one verdict word)." },
    judge_output: { kind: "varchar", nullable: true, description: "The judge's answer text (its last 2000 characters)." },
    cached: { kind: "boolean", description: "true: copied from an earlier judgement with the same cache_key (no request)." },
    endpoint: { kind: "varchar", nullable: true, description: "Endpoint that answered (null when cached)." },
    latency_ms: { kind: "double", nullable: true, description: "Wall time of the judge request (null when cached)." },
    created_at: { kind: "timestamp", description: "When the row was stored (UTC). Runs written before rungs typed it hold ISO-8601 text; the next step that writes the run converts it." },
  },
});

export type JudgeVerdictRow = RowOfTable<typeof judgeVerdictsTable>;
