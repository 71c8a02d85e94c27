import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "./duckdb.js";
import { InputError } from "./errors.js";

/**
 * Checks difficulty rows before anything is written. The relation has the difficulty columns plus
 * `ref` (where a row came from: a file, or file:line). Throws an InputError naming the first bad
 * rows, their field and where they came from.
 */
export async function validateDifficulty(connection: DuckDBConnection, relation: string, area = "stage"): Promise<void> {
  const checks: [string, string][] = [
    ["pass_rate IS NULL OR isnan(pass_rate) OR pass_rate < 0 OR pass_rate > 1", "'pass_rate must be in [0, 1], got ' || coalesce(CAST(pass_rate AS VARCHAR), 'null')"],
    ["samples IS NULL OR samples < 1", "'samples must be >= 1, got ' || coalesce(CAST(samples AS VARCHAR), 'null')"],
    ["passes IS NULL OR passes < 0 OR passes > samples", "'passes must be in [0, samples], got ' || coalesce(CAST(passes AS VARCHAR), 'null')"],
    ["mean_score IS NULL OR isnan(mean_score) OR mean_score < 0 OR mean_score > 1", "'mean_score must be in [0, 1], got ' || coalesce(CAST(mean_score AS VARCHAR), 'null')"],
    ["truncation_rate IS NULL OR isnan(truncation_rate) OR truncation_rate < 0 OR truncation_rate > 1", "'truncation_rate must be in [0, 1], got ' || coalesce(CAST(truncation_rate AS VARCHAR), 'null')"],
    ["domain IS NULL OR domain NOT IN ('math', 'code')", "'domain must be math or code, got ' || coalesce(domain, 'null')"],
    ["problem_id IS NULL OR problem_id = ''", "'problem_id is required'"],
    ["model IS NULL OR model = ''", "'model is required'"],
  ];
  const where = checks.map(([c]) => `(${c})`).join(" OR ");
  const message = `CASE ${checks.map(([c, m]) => `WHEN ${c} THEN ${m}`).join(" ")} END`;
  const bad = await queryRows<{ ref: string; problem_id: string; model: string; message: string; total: number }>(
    connection,
    `SELECT ref, problem_id, model, ${message} AS message, count(*) OVER () AS total FROM ${relation} WHERE ${where} LIMIT 5`,
  );
  if (bad.length) {
    const lines = bad.map((b) => `  ${b.ref}: problem ${b.problem_id ?? "?"}, model ${b.model ?? "?"}: ${b.message}`);
    const more = bad[0].total > bad.length ? `\n  ... and ${bad[0].total - bad.length} more` : "";
    throw new InputError(`${area}: ${bad[0].total} bad difficulty row(s), nothing written:\n${lines.join("\n")}${more}`, bad[0].ref);
  }
  // Find duplicate keys first, then fetch where they came from (lists for every group would be costly).
  const dupKeys = await queryRows<{ problem_id: string; model: string; total: number }>(
    connection,
    `SELECT problem_id, model, count(*) OVER () AS total FROM (SELECT problem_id, model FROM ${relation} GROUP BY problem_id, model HAVING count(*) > 1) LIMIT 5`,
  );
  if (dupKeys.length) {
    const keys = dupKeys.map((k) => `(${sqlString(k.problem_id)}, ${sqlString(k.model)})`).join(", ");
    const dup = await queryRows<{ problem_id: string; model: string; refs: string[]; total: number }>(
      connection,
      `SELECT problem_id, model, list(ref) AS refs, ${dupKeys[0].total} AS total FROM ${relation} WHERE (problem_id, model) IN (${keys}) GROUP BY problem_id, model`,
    );
    const lines = dup.map((d) => `  problem ${d.problem_id}, model ${d.model}: ${d.refs.slice(0, 3).join(", ")}`);
    throw new InputError(`${area}: ${dup[0].total} (problem, model) pair(s) appear more than once, nothing written:\n${lines.join("\n")}`, dup[0].refs[0]);
  }
}
