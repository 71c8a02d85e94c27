import { sqlString } from "../../core/duckdb.js";
import type { ResolvedJudge } from "./resolve-judge.js";

export interface JudgedRolloutsSources {
  /** SQL source of the rollouts table. */
  rollouts: string;
  /** SQL source of the problems table (id, domain, answer). */
  problems: string;
  /** SQL source of the judge verdicts table, or undefined when there is none. */
  verdicts?: string;
}

/**
 * Rollouts with the judge's opinion beside the rule's verdict: every rollout column, plus `gold`,
 * `judged_answer`, `judge_opinion` (null when the judge did not see this answer), `judge_output` and `judge_reversed`
 * (the rule rejected it with a verdict the judge reviews, and the judge says correct). An opinion counts
 * only while the rollout still offers the judged answer against the same gold (a rescore that changes the
 * extracted answer, or a new gold, drops it until the judge is asked again).
 */
export function judgedRolloutsSql({ rollouts, problems, verdicts }: JudgedRolloutsSources, judge: Pick<ResolvedJudge, "model" | "prompt" | "reviews">): string {
  const reviews = judge.reviews.length ? judge.reviews.map(sqlString).join(", ") : "NULL";
  const latest = verdicts
    ? `(SELECT * FROM ${verdicts} WHERE judge_model = ${sqlString(judge.model)} AND prompt_version = ${sqlString(judge.prompt.version)}
        QUALIFY row_number() OVER (PARTITION BY problem_id, model, sample_index, gold, answer_kind, answer, completion_sha256 ORDER BY created_at DESC, cached) = 1)`
    : `(SELECT NULL::VARCHAR AS problem_id, NULL::VARCHAR AS model, NULL::INTEGER AS sample_index, NULL::VARCHAR AS gold, NULL::VARCHAR AS answer_kind,
        NULL::VARCHAR AS answer, NULL::VARCHAR AS completion_sha256, NULL::VARCHAR AS opinion, NULL::VARCHAR AS judge_output, NULL::TIMESTAMPTZ AS created_at, FALSE AS cached WHERE FALSE)`;
  return `(SELECT r.*, p.answer AS gold, j.opinion AS judge_opinion, j.judge_output AS judge_output, j.answer AS judged_answer,
      coalesce(r.verdict IN (${reviews}) AND j.opinion = 'correct', FALSE) AS judge_reversed
    FROM ${rollouts} r JOIN ${problems} p ON p.id = r.problem_id
    LEFT JOIN ${latest} j ON j.problem_id = r.problem_id AND j.model = r.model AND j.sample_index = r.sample_index AND j.gold = p.answer
      AND ((j.answer_kind = 'extracted' AND j.answer = r.extracted)
        OR (j.answer_kind = 'response' AND coalesce(trim(r.extracted), '') = '' AND j.completion_sha256 = r.completion_sha256)))`;
}

/** The judged rollouts with `score` 1 where the judge reversed the rule (what grade aggregates with `passRates: "judge"`). */
export function rolloutsWithJudgeSql(sources: JudgedRolloutsSources, judge: Pick<ResolvedJudge, "model" | "prompt" | "reviews">): string {
  return `(SELECT * REPLACE (CASE WHEN judge_reversed THEN 1.0 ELSE score END AS score) FROM ${judgedRolloutsSql(sources, judge)})`;
}
