import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import type { RunFolder } from "../../core/run-folder.js";
import { tableSource } from "../../core/table-store.js";
import type { CompiledPolicy } from "../policy/compiled-policy.js";
import { evaluationSql, pivotSql } from "../policy/policy-sql.js";
import type { ResolvedJudge } from "./resolve-judge.js";
import { wilsonInterval, type RateEstimate } from "./wilson-interval.js";
import { judgeVerdictsTable } from "../../../schemas/judge-verdicts.js";
import { judgedRolloutsSql } from "./judged-rollouts-sql.js";

/** The audit of one (source, model): what the rule said, what the judge saw and reversed. */
export interface AuditGroup {
  source: string;
  model: string;
  /** Math rollouts. */
  rollouts: number;
  ruleCorrect: number;
  /** Rule verdicts of the kinds the judge reviews. */
  ruleRejected: number;
  /** Of those, with a judge opinion for the current answer and gold. */
  reviewed: number;
  /** The judge says correct: the rule's false negatives. */
  reversed: number;
  /** The judge agrees with the rule. */
  upheld: number;
  /** The judge's answer was not a verdict. */
  noOpinion: number;
  /** Rule-correct rollouts the judge also saw (the false-positive sample), and how many it disputes. */
  correctSampled: number;
  correctDisputed: number;
  /** Rollouts whose verdict is unparseable_gold, and their problems. */
  unparseableGoldRollouts: number;
  unparseableGoldProblems: number;
  /** Share of reviewed rejections the judge reverses (opinions only). */
  rejectionsReversed: RateEstimate;
  /** Estimated false-negative rate of the rule: reversed / (reversed + rule-correct). */
  falseNegativeRate: RateEstimate;
  /** Estimated false-positive rate of the rule: disputed / sampled correct with an opinion. */
  falsePositiveRate: RateEstimate;
}

export interface LevelChange {
  source: string;
  /** The problem's staging outcome from the rule alone, and with the judge (levels like "L1,L3", or none, dropped, ...). */
  rule: string;
  judge: string;
  problems: number;
}

export interface Disagreement {
  source: string;
  problem_id: string;
  model: string;
  sample_index: number;
  rule_verdict: string;
  gold: string;
  answer: string;
  judge_opinion: string;
  judge_output: string | null;
}

export interface JudgeAudit {
  judge: { model: string; promptVersion: string; reviews: string[]; sampleCorrect: number; passRates: "rule" | "judge" };
  policy: string;
  groups: AuditGroup[];
  /** Problems per source whose staging outcome differs between the rule alone and the judge. */
  levelChanges: LevelChange[];
  /** Problems evaluated by the policy, and how many change outcome. */
  problems: number;
  problemsChanged: number;
  disagreements: Disagreement[];
  /** Every disagreement, when `disagreements` is cut at the limit. */
  disagreementsTotal: number;
}

export interface JudgeAuditOptions {
  connection: DuckDBConnection;
  run: RunFolder;
  judge: ResolvedJudge;
  policy: CompiledPolicy;
  /** Disagreements listed (0 = all). @default 20 */
  limit?: number;
}

/**
 * Audits the rule verifier against the judge over a run: per source and model the reviewed and reversed
 * counts with estimated error rates (Wilson 95%), unparseable golds, the disagreements with both answers,
 * and the problems whose staging outcome the judge would change. Reads tables only (asks no model).
 */
export async function auditJudge({ connection: db, run, judge, policy, limit = 20 }: JudgeAuditOptions): Promise<JudgeAudit> {
  const problems = await tableSource(run.tableDir("problems"));
  const rollouts = await tableSource(run.tableDir("rollouts"));
  if (!problems || !rollouts) throw new UsageError(`audit: ${run.dir} has no ${problems ? "rollouts" : "problems"}; run the pipeline up to grade first`);
  const verdicts = await tableSource(run.tableDir(judgeVerdictsTable.name));
  const reviews = judge.reviews.length ? judge.reviews.map(sqlString).join(", ") : "NULL";
  await db.run(`CREATE OR REPLACE TEMP TABLE audit_problems AS SELECT id, source, domain, answer FROM ${problems}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE audit_rollouts AS SELECT * FROM ${judgedRolloutsSql({ rollouts, problems: "audit_problems", verdicts }, judge)}`);
  const rows = await queryRows<Omit<AuditGroup, "rejectionsReversed" | "falseNegativeRate" | "falsePositiveRate"> & { correctConfirmed: number }>(
    db,
    `SELECT p.source, r.model, count(*)::INTEGER AS rollouts, count_if(r.verdict = 'correct')::INTEGER AS "ruleCorrect",
       count_if(r.verdict IN (${reviews}))::INTEGER AS "ruleRejected",
       count_if(r.verdict IN (${reviews}) AND r.judge_opinion IS NOT NULL)::INTEGER AS reviewed,
       count_if(r.verdict IN (${reviews}) AND r.judge_opinion = 'correct')::INTEGER AS reversed,
       count_if(r.verdict IN (${reviews}) AND r.judge_opinion = 'incorrect')::INTEGER AS upheld,
       count_if(r.judge_opinion = 'no_opinion')::INTEGER AS "noOpinion",
       count_if(r.verdict = 'correct' AND r.judge_opinion IS NOT NULL)::INTEGER AS "correctSampled",
       count_if(r.verdict = 'correct' AND r.judge_opinion = 'incorrect')::INTEGER AS "correctDisputed",
       count_if(r.verdict = 'correct' AND r.judge_opinion = 'correct')::INTEGER AS "correctConfirmed",
       count_if(r.verdict = 'unparseable_gold')::INTEGER AS "unparseableGoldRollouts",
       count(DISTINCT CASE WHEN r.verdict = 'unparseable_gold' THEN r.problem_id END)::INTEGER AS "unparseableGoldProblems"
     FROM audit_rollouts r JOIN audit_problems p ON p.id = r.problem_id WHERE p.domain = 'math'
     GROUP BY p.source, r.model ORDER BY p.source, r.model`,
  );
  const groups = rows.map(({ correctConfirmed, ...g }) => ({
    ...g,
    rejectionsReversed: wilsonInterval(g.reversed, g.reversed + g.upheld),
    falseNegativeRate: wilsonInterval(g.reversed, g.reversed + g.ruleCorrect),
    // A sampled correct verdict without an opinion says nothing either way.
    falsePositiveRate: wilsonInterval(g.correctDisputed, g.correctDisputed + correctConfirmed),
  }));
  const [{ n: disagreementsTotal }] = await queryRows<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM audit_rollouts WHERE ${DISAGREES(reviews)}`);
  const disagreements = await queryRows<Disagreement>(
    db,
    `SELECT p.source, r.problem_id, r.model, r.sample_index, r.verdict AS rule_verdict, r.gold, r.judged_answer AS answer, r.judge_opinion, r.judge_output
     FROM audit_rollouts r JOIN audit_problems p ON p.id = r.problem_id WHERE ${DISAGREES(reviews, "r.")}
     ORDER BY p.source, r.problem_id, r.model, r.sample_index ${limit > 0 ? `LIMIT ${limit}` : ""}`,
  );
  const levels = await levelChanges(db, run, policy);
  await db.run("DROP TABLE IF EXISTS audit_rollouts");
  await db.run("DROP TABLE IF EXISTS audit_problems");
  return {
    judge: { model: judge.model, promptVersion: judge.prompt.version, reviews: judge.reviews, sampleCorrect: judge.sampleCorrect, passRates: judge.passRates },
    policy: policy.name,
    groups,
    ...levels,
    disagreements,
    disagreementsTotal,
  };
}

/** A rejection the judge reverses, or a correct verdict it disputes (the sample). */
const DISAGREES = (reviews: string, r = "") =>
  `((${r}verdict IN (${reviews}) AND ${r}judge_opinion = 'correct') OR (${r}verdict = 'correct' AND ${r}judge_opinion = 'incorrect'))`;

/** Per (problem, model) pass statistics from the audited rollouts, with the rule alone or with the judge. */
function difficultySql(withJudge: boolean, imported: string | undefined): string {
  const pass = withJudge ? "(r.score >= 1 OR r.judge_reversed)" : "r.score >= 1";
  const score = withJudge ? "CASE WHEN r.judge_reversed THEN 1.0 ELSE r.score END" : "r.score";
  const fromRollouts = `SELECT r.problem_id, r.model, p.domain, count(*) AS samples, count_if(${pass}) AS passes, count_if(${pass}) / count(*) AS pass_rate,
      avg(${score}) AS mean_score, avg(CASE WHEN r.finish_reason = 'length' THEN 1.0 ELSE 0.0 END) AS truncation_rate
    FROM audit_rollouts r JOIN audit_problems p ON p.id = r.problem_id GROUP BY r.problem_id, r.model, p.domain`;
  // Pass rates imported with a dataset (no rollouts) are the same either way.
  const importedRows = imported
    ? `UNION ALL SELECT problem_id, model, domain, samples, passes, pass_rate, mean_score, truncation_rate FROM ${imported} i
       WHERE i.origin = 'imported' AND NOT EXISTS (SELECT 1 FROM audit_rollouts r WHERE r.problem_id = i.problem_id AND r.model = i.model)`
    : "";
  return `(${fromRollouts} ${importedRows})`;
}

/** The policy's outcome per problem as one word: excluded, truncated, dropped, undecided, the levels (e.g. L1,L3), or none. */
function outcomeSql(policy: CompiledPolicy, difficulty: string): string {
  const levels = policy.levels.map((level, i) => `CASE WHEN l${i} IS TRUE THEN ${sqlString(level.name)} END`);
  const list = levels.length ? `nullif(concat_ws(',', ${levels.join(", ")}), '')` : "NULL";
  return `SELECT problem_id, CASE WHEN NOT in_domains THEN 'excluded' WHEN tl THEN 'truncated' WHEN d IS NULL THEN 'undecided' WHEN d THEN 'dropped'
      ELSE coalesce(${list}, 'none') END AS outcome FROM (${evaluationSql(policy, `(${pivotSql(policy, difficulty)})`)})`;
}

async function levelChanges(db: DuckDBConnection, run: RunFolder, policy: CompiledPolicy): Promise<Pick<JudgeAudit, "levelChanges" | "problems" | "problemsChanged">> {
  const imported = await tableSource(run.tableDir("difficulty"));
  const changes = await queryRows<LevelChange & { same: boolean }>(
    db,
    `SELECT p.source, a.outcome AS rule, b.outcome AS judge, a.outcome = b.outcome AS same, count(*)::INTEGER AS problems
     FROM (${outcomeSql(policy, difficultySql(false, imported))}) a JOIN (${outcomeSql(policy, difficultySql(true, imported))}) b USING (problem_id)
     JOIN audit_problems p ON p.id = a.problem_id GROUP BY ALL ORDER BY p.source, problems DESC, rule, judge`,
  );
  return {
    problems: changes.reduce((sum, c) => sum + c.problems, 0),
    problemsChanged: changes.filter((c) => !c.same).reduce((sum, c) => sum + c.problems, 0),
    levelChanges: changes.filter((c) => !c.same).map(({ same: _, ...c }) => c),
  };
}
