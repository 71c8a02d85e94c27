import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import { listParquetFiles, type RunFolder } from "../../core/run-folder.js";
import { tableSource } from "../../core/table-store.js";
import { difficultyTable } from "../../../schemas/difficulty.js";
import { budgetPassRatesTable } from "../../../schemas/budget-pass-rates.js";
import { contractSelect, copyToParquet, replaceFolder } from "../../core/copy-to-parquet.js";
import { validateDifficulty } from "../../core/validate-difficulty.js";
import type { ResolvedJudge } from "../../engines/judge/resolve-judge.js";
import { judgeVerdictsTable } from "../../../schemas/judge-verdicts.js";
import { rolloutsWithJudgeSql } from "../../engines/judge/judged-rollouts-sql.js";

/** Folder of pass rates imported with a dataset (difficulty contract, origin "imported"), written by ingest. */
export const IMPORTED_DIFFICULTY = "imported_difficulty";

export interface GradeOptions {
  connection: DuckDBConnection;
  run: RunFolder;
  progress?: ProgressListener;
  /** With `passRates: "judge"`, a rule rejection the judge reverses counts as a pass (score 1). @default rules alone */
  judge?: ResolvedJudge;
  /** Completion-token budgets of `budget_pass_rates` (whole numbers >= 1). @default none: the table is emptied */
  budgets?: readonly number[];
}

export interface GradeResult {
  rows: number;
  fromRollouts: number;
  imported: number;
  /** Imported rows replaced by rows computed from rollouts for the same (problem, model). */
  importedShadowed: number;
  /** Imported rows dropped because another imported row had the same (problem, model). */
  importedDuplicates: number;
  /** Rollout or imported rows of problems no longer in `problems/` (not graded). */
  orphanRows: number;
  models: number;
  /** Rollouts counted as passes because the judge reversed the rule (0 unless `passRates: "judge"`). */
  judgeReversals: number;
  /** Rows written to budget_pass_rates. */
  budgetRows: number;
  /** Passing, finished samples without a token count: never counted as passing at a budget. */
  budgetTokensUnknown: number;
  /** (problem, model) pairs whose pass-rate category (0, in between, 1) is not the same at every budget. */
  budgetCategoryChanges: number;
}

/**
 * SQL: per (problem, model, budget) the samples that pass within the budget: score = 1, not cut at the
 * length limit, and a known completion-token count at most the budget. Same rollouts as difficulty.
 */
export function budgetPassRatesSql(rollouts: string, budgets: readonly number[]): string {
  const values = budgets.map((b) => `(${Math.trunc(b)})`).join(", ");
  const finishedPass = `r.score >= 1 AND coalesce(r.finish_reason, '') <> 'length'`;
  return `SELECT r.problem_id, r.model, b.budget::INTEGER AS budget, count(*)::INTEGER AS samples,
      count_if(${finishedPass} AND coalesce(r.completion_tokens <= b.budget, FALSE))::INTEGER AS passes,
      count_if(${finishedPass} AND coalesce(r.completion_tokens <= b.budget, FALSE)) / count(*) AS pass_rate,
      count_if(${finishedPass} AND r.completion_tokens IS NULL)::INTEGER AS tokens_unknown
    FROM ${rollouts} r JOIN grade_problems p ON p.id = r.problem_id CROSS JOIN (VALUES ${values}) b(budget)
    GROUP BY r.problem_id, r.model, b.budget`;
}

/** SQL: one row per (problem, model) from rollouts, only for problems still in `problems`. */
function fromRolloutsSql(rollouts: string): string {
  return `SELECT r.problem_id, r.model, p.domain, count(*) AS samples, count_if(r.score >= 1) AS passes,
      count_if(r.score >= 1) / count(*) AS pass_rate, avg(r.score) AS mean_score,
      avg(CASE WHEN r.finish_reason = 'length' THEN 1.0 ELSE 0.0 END) AS truncation_rate,
      avg(r.completion_tokens) AS mean_completion_tokens, sum(r.completion_tokens) AS total_completion_tokens, 'rollouts' AS origin
    FROM ${rollouts} r JOIN grade_problems p ON p.id = r.problem_id GROUP BY r.problem_id, r.model, p.domain`;
}

/**
 * Grades a run in DuckDB: rollouts → per (problem, model) pass statistics, plus imported pass rates
 * for pairs without rollouts (rollouts win). Checks imported rows before writing; replaces `difficulty/`.
 */
export async function gradeRun({ connection: db, run, progress = noProgress, judge, budgets = [] }: GradeOptions): Promise<GradeResult> {
  let phase = 0;
  const emit = (message: string) => progress({ step: "grade", unit: "phases", done: phase++, total: 3, message });
  const problems = await tableSource(run.tableDir("problems"));
  const rolloutsTable = await tableSource(run.tableDir("rollouts"));
  const rollouts = rolloutsTable && problems && judge?.passRates === "judge" ? rolloutsWithJudgeSql({ rollouts: rolloutsTable, problems, verdicts: await tableSource(run.tableDir(judgeVerdictsTable.name)) }, judge) : rolloutsTable;
  const imported = await listParquetFiles(run.tableDir(IMPORTED_DIFFICULTY));
  await db.run(`CREATE OR REPLACE TEMP TABLE grade_problems AS SELECT id, domain FROM ${problems ?? "(SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS domain WHERE FALSE)"}`);
  let orphanRows = 0;
  emit("aggregating rollouts");
  if (rollouts) {
    await db.run(`CREATE OR REPLACE TEMP TABLE grade_rollouts AS ${fromRolloutsSql(rollouts)}`);
    [{ n: orphanRows }] = await queryRows<{ n: number }>(db, `SELECT count(*) AS n FROM ${rolloutsTable} WHERE problem_id NOT IN (SELECT id FROM grade_problems)`);
  } else {
    await db.run(`CREATE OR REPLACE TEMP TABLE grade_rollouts AS SELECT * FROM (${fromRolloutsSql("(SELECT NULL::VARCHAR AS problem_id, NULL::VARCHAR AS model, NULL::DOUBLE AS score, NULL::VARCHAR AS finish_reason, NULL::INTEGER AS completion_tokens WHERE FALSE)")})`);
  }
  let importedShadowed = 0;
  let importedDuplicates = 0;
  if (imported.length) {
    emit("checking imported pass rates");
    // The same problem can come twice (a source with duplicates, or two sources): keep the row with the
    // most samples (then the first file), so one (problem, model) has one imported pass rate.
    await db.run(`CREATE OR REPLACE TEMP TABLE grade_imported_all AS SELECT i.*, filename AS ref FROM read_parquet([${imported.map(sqlString).join(", ")}], filename = true, union_by_name = true, hive_partitioning = false) i`);
    [{ n: importedDuplicates }] = await queryRows<{ n: number }>(
      db,
      `SELECT coalesce(sum(n - 1), 0)::BIGINT AS n FROM (SELECT count(*) AS n FROM grade_imported_all GROUP BY problem_id, model HAVING count(*) > 1)`,
    );
    // The window (a sort of every row) only runs when there is something to remove.
    await db.run(
      importedDuplicates > 0
        ? `CREATE OR REPLACE TEMP TABLE grade_imported AS SELECT * FROM grade_imported_all QUALIFY row_number() OVER (PARTITION BY problem_id, model ORDER BY samples DESC, ref) = 1`
        : `CREATE OR REPLACE TEMP VIEW grade_imported AS SELECT * FROM grade_imported_all`,
    );
    await validateDifficulty(db, "grade_imported", "grade");
    const [counts] = await queryRows<{ orphans: number; shadowed: number }>(
      db,
      `SELECT count_if(problem_id NOT IN (SELECT id FROM grade_problems)) AS orphans,
         count_if((problem_id, model) IN (SELECT (problem_id, model) FROM grade_rollouts)) AS shadowed FROM grade_imported`,
    );
    orphanRows += counts.orphans;
    importedShadowed = counts.shadowed;
  }
  const importedRows = imported.length
    ? `UNION ALL SELECT i.problem_id, i.model, p.domain, i.samples, i.passes, i.pass_rate, i.mean_score, i.truncation_rate, i.mean_completion_tokens, i.total_completion_tokens, 'imported' AS origin
       FROM grade_imported i JOIN grade_problems p ON p.id = i.problem_id ANTI JOIN grade_rollouts g ON g.problem_id = i.problem_id AND g.model = i.model`
    : "";
  const [{ n: judgeReversals }] =
    rollouts !== rolloutsTable ? await queryRows<{ n: number }>(db, `SELECT count_if(judge_reversed) AS n FROM ${rollouts}`) : [{ n: 0 }];
  emit("writing difficulty");
  await replaceFolder(run.tableDir(difficultyTable.name), async (staging) => {
    const all = `(SELECT * FROM grade_rollouts ${importedRows})`;
    await copyToParquet(db, contractSelect(difficultyTable.columns, all), `${staging}/part-00000.parquet`);
  });
  let budgetRows = 0;
  let budgetTokensUnknown = 0;
  let budgetCategoryChanges = 0;
  await replaceFolder(run.tableDir(budgetPassRatesTable.name), async (staging) => {
    if (!rollouts || budgets.length === 0) return;
    await copyToParquet(db, contractSelect(budgetPassRatesTable.columns, `(${budgetPassRatesSql(rollouts, budgets)})`), `${staging}/part-00000.parquet`);
    const part = `read_parquet(${sqlString(`${staging}/part-00000.parquet`)})`;
    [{ n: budgetRows, unknown: budgetTokensUnknown }] = await queryRows<{ n: number; unknown: number }>(
      db,
      `SELECT count(*)::INTEGER AS n, coalesce(sum(tokens_unknown) FILTER (WHERE budget = ${Math.trunc(Math.min(...budgets))}), 0)::INTEGER AS unknown FROM ${part}`,
    );
    [{ n: budgetCategoryChanges }] = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::INTEGER AS n FROM (SELECT problem_id, model FROM ${part} GROUP BY problem_id, model
         HAVING count(DISTINCT CASE WHEN passes = 0 THEN 0 WHEN passes = samples THEN 2 ELSE 1 END) > 1)`,
    );
  });
  const [summary] = await queryRows<{ rows: number; rollouts: number; models: number }>(
    db,
    `SELECT (SELECT count(*) FROM grade_rollouts) AS rollouts, count(*) AS rows, count(DISTINCT model) AS models FROM read_parquet(${sqlString(`${run.tableDir(difficultyTable.name)}/*.parquet`)})`,
  );
  await db.run(`DROP VIEW IF EXISTS grade_imported`).catch(() => db.run(`DROP TABLE IF EXISTS grade_imported`));
  for (const t of ["grade_problems", "grade_rollouts", "grade_imported", "grade_imported_all"]) await db.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  return { rows: summary.rows, fromRollouts: summary.rollouts, imported: summary.rows - summary.rollouts, importedShadowed, importedDuplicates, orphanRows, models: summary.models, judgeReversals: Number(judgeReversals), budgetRows, budgetTokensUnknown, budgetCategoryChanges };
}
