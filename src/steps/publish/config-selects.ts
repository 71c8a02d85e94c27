import { sqlString } from "../../core/duckdb.js";

/**
 * One level's rows: the problem, why it is in the level, and every reference model's pass rate
 * (a list ordered by model, empty when the difficulty table is absent).
 */
export function levelSelect(staged: string, problems: string, difficulty: string | undefined, level: string): string {
  const rates = difficulty
    ? `LEFT JOIN (SELECT problem_id, list({'model': model, 'samples': samples, 'passes': passes, 'pass_rate': pass_rate} ORDER BY model) AS pass_rates
         FROM ${difficulty} GROUP BY problem_id) d ON d.problem_id = s.problem_id`
    : "";
  const passRates = difficulty
    ? "coalesce(d.pass_rates, [])"
    : "[]::STRUCT(model VARCHAR, samples INTEGER, passes INTEGER, pass_rate DOUBLE)[]";
  return `SELECT p.id, p.source, p.source_id, p.domain, p.prompt, p.answer, p.tests, p.solution, p.meta,
      s.level, s.rule, s.policy, ${passRates} AS pass_rates
    FROM ${staged} s JOIN ${problems} p ON p.id = s.problem_id ${rates}
    WHERE s.level = ${sqlString(level)}`;
}

/** The difficulty table as published: every column of its contract. */
export const DIFFICULTY_SELECT = (difficulty: string): string =>
  `SELECT problem_id, model, domain, samples, passes, pass_rate, mean_score, truncation_rate, mean_completion_tokens, total_completion_tokens, origin FROM ${difficulty}`;

/** Adaptive sampling's decisions as published: which (problem, model) pass rates are exact, which were decided early, and why. */
export const DECISIONS_SELECT = (decisions: string): string =>
  `SELECT problem_id, model, target_samples, samples, passes, status, fact, outcome, policy, exactness, problem_status, labels, completion_tokens, requests, request_size FROM ${decisions}`;
