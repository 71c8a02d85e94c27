import { sqlString } from "../../core/duckdb.js";
import { metricTests, policyRules, type CompiledCondition, type CompiledPolicy, type CompiledRule } from "./compiled-policy.js";
import { METRICS } from "./policy-spec.js";
import { roleName } from "./evaluate-policy.js";

/**
 * The policy as DuckDB SQL over a pivot with one row per problem and columns `m<i>_<metric>` per model.
 * A model without a row gives NULL metrics, and SQL's three-valued AND/OR/NOT is exactly the
 * unknown-propagation of `evaluatePolicy`, so both agree on what is decided and what is not.
 */
const col = (policy: CompiledPolicy, model: string, metric: string) => `m${policy.models.indexOf(model)}_${metric}`;
const num = (value: number) => `CAST(${sqlString(String(value))} AS DOUBLE)`;

/** SQL of the uniform draw in [0, 1), identical to `retentionDraw` (sha256, first 4 bytes, big-endian). */
export function drawSql(seed: string, problemIdColumn = "problem_id"): string {
  return `(CAST(CAST('0x' || substr(sha256(${sqlString(`${seed}:`)} || ${problemIdColumn}), 1, 8) AS UBIGINT) AS DOUBLE) / 4294967296.0::DOUBLE)`;
}

export function conditionSql(policy: CompiledPolicy, c: CompiledCondition): string {
  switch (c.kind) {
    case "metric":
      return `(${col(policy, c.model, c.metric)} ${c.op === "!=" ? "<>" : c.op} ${num(c.value)})`;
    case "all":
      return `(${c.of.map((x) => conditionSql(policy, x)).join(" AND ")})`;
    case "any":
      return `(${c.of.map((x) => conditionSql(policy, x)).join(" OR ")})`;
    case "not":
      return `(NOT ${conditionSql(policy, c.of)})`;
    case "domain":
      return `(domain IN (${c.domains.map(sqlString).join(", ")}))`;
  }
}

function ruleSql(policy: CompiledPolicy, rule: CompiledRule): string {
  const parts = [conditionSql(policy, rule.when)];
  if (rule.domains) parts.unshift(`(domain IN (${rule.domains.map(sqlString).join(", ")}))`);
  if (rule.keep < 1) parts.unshift(`(_draw < ${num(rule.keep)})`);
  return `(${parts.join(" AND ")})`;
}

/** `(r1 OR r2 ...)`: TRUE, FALSE or NULL (undecided); FALSE when there are no rules. */
function anyRuleSql(policy: CompiledPolicy, rules: CompiledRule[]): string {
  return rules.length === 0 ? "FALSE" : `(${rules.map((r) => ruleSql(policy, r)).join(" OR ")})`;
}

/** The name of the first rule that is TRUE (NULL when none). */
function firstRuleSql(policy: CompiledPolicy, rules: CompiledRule[]): string {
  return `CASE ${rules.map((r) => `WHEN ${ruleSql(policy, r)} IS TRUE THEN ${sqlString(r.name)}`).join(" ")} END`;
}

/** The pivot of a difficulty relation: one row per problem, used metrics of each policy model as columns. */
export function pivotSql(policy: CompiledPolicy, difficulty: string): string {
  const passRate = policy.codePassRate === "mean_score" ? `CASE WHEN domain = 'code' THEN mean_score ELSE pass_rate END` : "pass_rate";
  // Only the metrics some rule reads (a narrower pivot is a faster one).
  const used = new Set(policyRules(policy).flatMap(({ rule }) => metricTests(rule.when).map((t) => `${t.model}\u0000${t.metric}`)));
  const columns = policy.models.flatMap((model) => {
    const where = `FILTER (WHERE model = ${sqlString(model)})`;
    const metrics = METRICS.filter((m) => used.has(`${model}\u0000${m}`) || (policy.truncation === "separate" && (m === "passes" || m === "truncation_rate")));
    return [`count(*) ${where} > 0 AS ${col(policy, model, "present")}`, ...metrics.map((m) => `max(${m === "pass_rate" ? passRate : m}) ${where} AS ${col(policy, model, m)}`)];
  });
  const draw = policyRules(policy).some(({ rule }) => rule.keep < 1) ? `, ${drawSql(policy.seed)} AS _draw` : "";
  return `SELECT *${draw} FROM (SELECT problem_id, min(domain) AS domain, ${columns.join(", ")} FROM ${difficulty} GROUP BY problem_id)`;
}

/**
 * Per problem: `in_domains`, `tl` (length-limited, truncation "separate"), `tl_rule`, `d` (dropped),
 * and per level i `l<i>` and `l<i>_rule`, plus the pivot's `m<i>_present` flags.
 */
export function evaluationSql(policy: CompiledPolicy, pivot: string): string {
  const inDomains = policy.domains ? `(domain IN (${policy.domains.map(sqlString).join(", ")}))` : "TRUE";
  const limited = policy.models.map((m) => ({ m, sql: `coalesce(${col(policy, m, "passes")} = 0 AND ${col(policy, m, "truncation_rate")} >= 1, FALSE)` }));
  const tl = policy.truncation === "separate" && limited.length ? `(${limited.map((x) => x.sql).join(" OR ")})` : "FALSE";
  const tlRule =
    policy.truncation === "separate" && limited.length
      ? `CASE ${limited.map((x) => `WHEN ${x.sql} THEN ${sqlString(`length-limited: ${roleName(policy, x.m)}`)}`).join(" ")} END`
      : "NULL";
  const levels = policy.levels.flatMap((level, i) => [`${anyRuleSql(policy, level.rules)} AS l${i}`, `${firstRuleSql(policy, level.rules)} AS l${i}_rule`]);
  const present = policy.models.map((m) => col(policy, m, "present"));
  return `SELECT problem_id, domain, ${present.join(", ")}, ${inDomains} AS in_domains, ${tl} AS tl, ${tlRule} AS tl_rule, ${anyRuleSql(policy, policy.drop)} AS d, ${levels.join(", ")} FROM ${pivot}`;
}

/** Status of each evaluated problem (`excluded`, `truncated`, `undecided`, `dropped`, `staged`), as SQL. */
export function statusSql(policy: CompiledPolicy): string {
  const levelUnknown = policy.levels.map((_, i) => `l${i} IS NULL`).join(" OR ");
  return `CASE WHEN NOT in_domains THEN 'excluded' WHEN tl THEN 'truncated' WHEN d IS NULL OR (d IS FALSE AND (${levelUnknown})) THEN 'undecided' WHEN d THEN 'dropped' ELSE 'staged' END`;
}

/** Staged rows (problem_id, level, domain, rule, policy) from the evaluation relation with a `status` column. */
export function stagedRowsSql(policy: CompiledPolicy, evaluation: string): string {
  const policyName = sqlString(policy.name);
  const parts = policy.levels.map(
    (level, i) => `SELECT problem_id, ${sqlString(level.name)} AS level, domain, l${i}_rule AS rule, ${policyName} AS policy FROM ${evaluation} WHERE status = 'staged' AND l${i}`,
  );
  if (policy.truncation === "separate") {
    parts.push(`SELECT problem_id, ${sqlString(policy.truncatedLevel)} AS level, domain, tl_rule AS rule, ${policyName} AS policy FROM ${evaluation} WHERE status = 'truncated'`);
  }
  return parts.join("\nUNION ALL\n");
}
