import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { InputError } from "../../core/errors.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import { partitionDirName, type RunFolder } from "../../core/run-folder.js";
import { stagedTable } from "../../../schemas/staged.js";
import type { CompiledPolicy } from "../../engines/policy/compiled-policy.js";
import { roleName } from "../../engines/policy/evaluate-policy.js";
import { evaluationSql, pivotSql, stagedRowsSql, statusSql } from "../../engines/policy/policy-sql.js";
import { validateDifficulty } from "../../core/validate-difficulty.js";
import { contractSelect, copyToParquet } from "../../core/copy-to-parquet.js";
import { FolderTransaction } from "../../core/folder-transaction.js";
import { writeShards, type ShardOptions, type ShardsResult } from "./write-shards.js";
import { writeArrowShards } from "./write-arrow-shards.js";

/** The staged contract less `level`, which is the partition folder's name (`staged/level=L2/`). */
const { level: _level, ...STAGED_FILE_COLUMNS } = stagedTable.columns;

export interface StageDifficultyOptions {
  connection: DuckDBConnection;
  /** A relation with the difficulty columns plus `ref` (where each row came from, for errors). */
  difficulty: string;
  policy: CompiledPolicy;
  /** Where `staged/` and `shards/` (and `arrow/`) are written. */
  out: RunFolder;
  /** SQL source of the problems table: shards then carry the full problems. @default shards carry ids only */
  problems?: string;
  /** Shard sizes, or false to write no shards. @default {} */
  shards?: ShardOptions | false;
  /** Also write each level as Arrow IPC files under `arrow/<level>/`. @default false */
  arrow?: boolean;
  /**
   * A relation (problem_id, status, labels: list of {level, rule}) of problems decided by adaptive sampling
   * whose pass rates are partial: their status and staged rows are taken from it, not from the policy.
   */
  decided?: string;
  progress?: ProgressListener;
}

export interface StageResult {
  /** Problems evaluated (with at least one difficulty row). */
  problems: number;
  /** Problems by outcome: staged (in >= 1 level), unstaged (kept but in no level; absent when 0), dropped, excluded, truncated. */
  outcomes: Record<string, number>;
  /** Staged rows per level (zero for empty levels). */
  levels: Record<string, number>;
  shards?: ShardsResult;
  arrowFiles?: string[];
}

/** Columns of a shard row besides the problem's own. */
const SHARD_TAIL = `level, rule, policy, pass_rates`;
const PROBLEM_COLUMNS = `problem_id, source, source_id, domain, prompt, answer, tests, solution, meta`;

/**
 * Applies a policy to difficulty rows in DuckDB and writes the staged table (one folder per level) and
 * the Hub shards. Every check (bad rows, models the policy needs but the data lacks) runs before
 * anything is written.
 */
export async function stageDifficulty(options: StageDifficultyOptions): Promise<StageResult> {
  const { connection: db, difficulty, policy, out, problems, shards = {}, arrow = false, decided, progress = noProgress } = options;
  let phase = 0;
  const emit = (message: string) => progress({ step: "stage", unit: "phases", done: phase++, total: 4, message });
  emit("checking difficulty rows");
  await validateDifficulty(db, difficulty);
  emit(`evaluating policy ${policy.name}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_pivot AS ${pivotSql(policy, difficulty)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_eval AS SELECT *, ${statusSql(policy)} AS status FROM (${evaluationSql(policy, "stage_pivot")})`);
  if (decided) await db.run(`UPDATE stage_eval SET status = a.status FROM ${decided} a WHERE stage_eval.problem_id = a.problem_id`);
  await checkMissingModels(db, policy, difficulty);

  const outcomes = Object.fromEntries(
    (await queryRows<{ status: string; n: number }>(db, `SELECT status, count(*) AS n FROM stage_eval GROUP BY status`)).map((r) => [r.status, r.n]),
  );
  const adaptiveRows = decided
    ? `SELECT * FROM (${stagedRowsSql(policy, "stage_eval")}) WHERE problem_id NOT IN (SELECT problem_id FROM ${decided})
       UNION ALL SELECT problem_id, l.level AS level, domain, l.rule AS rule, ${sqlString(policy.name)} AS policy
       FROM (SELECT a.problem_id, e.domain, unnest(a.labels) AS l FROM ${decided} a JOIN stage_eval e ON e.problem_id = a.problem_id)`
    : undefined;
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_out AS ${adaptiveRows ?? stagedRowsSql(policy, "stage_eval")}`);
  const counted = await queryRows<{ level: string; n: number }>(db, `SELECT level, count(*) AS n FROM stage_out GROUP BY level`);
  // `staged` counts only problems in some level; those the policy keeps but puts in no level are `unstaged`.
  const [{ n: unstaged }] = await queryRows<{ n: number }>(
    db,
    `SELECT count(*) AS n FROM stage_eval WHERE status = 'staged' AND problem_id NOT IN (SELECT problem_id FROM stage_out WHERE level IN (${allLevelsSql(policy)}))`,
  );
  if (unstaged > 0) {
    outcomes.staged = Number(outcomes.staged ?? 0) - Number(unstaged);
    outcomes.unstaged = Number(unstaged);
  }
  const allLevels = [...policy.levels.map((l) => l.name), ...(policy.truncation === "separate" ? [policy.truncatedLevel] : [])];
  const levels = Object.fromEntries(allLevels.map((name) => [name, counted.find((c) => c.level === name)?.n ?? 0]));

  emit("writing staged table");
  // staged/, shards/ and arrow/ are swapped in together, or not at all (a kill leaves the old ones).
  const result: StageResult = { problems: Object.values(outcomes).reduce((a, b) => a + b, 0), outcomes, levels };
  const outputs = new FolderTransaction(out.dir);
  try {
    const staging = await outputs.stage(out.tableDir("staged"));
    for (const level of allLevels) {
      if (!levels[level]) continue;
      const rows = `(SELECT * FROM stage_out WHERE level = ${sqlString(level)} ORDER BY problem_id)`;
      // level lives in the folder name only, so pyarrow, pandas, Polars and DuckDB read staged/ as it is (hive).
      await copyToParquet(db, contractSelect(STAGED_FILE_COLUMNS, rows), join(staging, partitionDirName("level", level), "part-00000.parquet"));
    }
    // Nothing staged: an empty part keeps the table (and its view) with its columns.
    if (Object.values(levels).every((n) => n === 0)) await copyToParquet(db, contractSelect(stagedTable.columns, "stage_out"), join(staging, "part-00000.parquet"));
    if (shards !== false || arrow) {
      emit("writing shards");
      await createShardRows(db, difficulty, problems);
      const columns = problems ? `${PROBLEM_COLUMNS}, ${SHARD_TAIL}` : `problem_id, domain, ${SHARD_TAIL}`;
      if (shards !== false) result.shards = await writeShards(db, "stage_shard_rows", columns, out.path("shards"), shards, await outputs.stage(out.path("shards")));
      if (arrow) result.arrowFiles = await writeArrowShards(db, "stage_shard_rows", columns, out.path("arrow"), allLevels.filter((l) => levels[l] > 0), await outputs.stage(out.path("arrow")));
      await db.run(`DROP VIEW IF EXISTS stage_shard_rows`);
      for (const table of ["stage_keys", "stage_wide"]) await db.run(`DROP TABLE IF EXISTS ${table}`);
    }
    await outputs.commit();
  } catch (error) {
    await outputs.abort();
    throw error;
  }
  for (const table of ["stage_pivot", "stage_eval", "stage_out"]) await db.run(`DROP TABLE IF EXISTS ${table}`);
  return result;
}

/**
 * The view `stage_shard_rows`: staged rows, the full problem (when known), every model's figures as a list,
 * `_rn` and `_bytes`. Only the narrow keys are sorted (for `_rn`); the wide problem rows are stored once per
 * problem, not per level, and joined to each shard's slice of keys as it is written.
 */
async function createShardRows(db: DuckDBConnection, difficulty: string, problems: string | undefined): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_keys AS SELECT *, row_number() OVER (PARTITION BY level ORDER BY problem_id) - 1 AS _rn FROM stage_out`);
  // list_sort orders the structs by their first field (model); an ordered aggregate would sort per group, slowly.
  const lists = `SELECT problem_id, list_sort(list({'model': model, 'samples': CAST(samples AS INTEGER), 'passes': CAST(passes AS INTEGER), 'pass_rate': CAST(pass_rate AS DOUBLE), 'mean_score': CAST(mean_score AS DOUBLE), 'truncation_rate': CAST(truncation_rate AS DOUBLE)})) AS pass_rates
    FROM ${difficulty} WHERE problem_id IN (SELECT problem_id FROM stage_out) GROUP BY problem_id`;
  if (!problems) {
    await db.run(`CREATE OR REPLACE TEMP TABLE stage_wide AS SELECT problem_id AS id, pass_rates, 64 AS _bytes FROM (${lists})`);
    await db.run(`CREATE OR REPLACE TEMP VIEW stage_shard_rows AS SELECT k.*, w.pass_rates, w._bytes FROM stage_keys k LEFT JOIN stage_wide w ON w.id = k.problem_id`);
    return;
  }
  const bytes = ["prompt", "answer", "tests", "solution", "meta"].map((c) => `coalesce(strlen(p.${c}), 0)`).join(" + ");
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_wide AS SELECT p.id, p.source, p.source_id, p.prompt, p.answer, p.tests, p.solution, p.meta, d.pass_rates, ${bytes} + 64 AS _bytes
    FROM (SELECT * FROM ${problems}) p JOIN (${lists}) d ON d.problem_id = p.id`);
  await db.run(`CREATE OR REPLACE TEMP VIEW stage_shard_rows AS SELECT k.problem_id, w.source, w.source_id, k.domain, w.prompt, w.answer, w.tests, w.solution, w.meta, k.level, k.rule, k.policy, w.pass_rates, w._bytes, k._rn
    FROM stage_keys k JOIN stage_wide w ON w.id = k.problem_id`);
}

/** Fails, naming each model and the problems it affects, when a decision needs a model without rows. */
async function checkMissingModels(db: DuckDBConnection, policy: CompiledPolicy, difficulty: string): Promise<void> {
  const [{ n }] = await queryRows<{ n: number }>(db, `SELECT count(*) AS n FROM stage_eval WHERE status = 'undecided'`);
  if (n === 0) return;
  const lines: string[] = [];
  for (const [i, model] of policy.models.entries()) {
    const [row] = await queryRows<{ n: number; ids: string[] }>(
      db,
      `SELECT count(*) AS n, list(problem_id ORDER BY problem_id)[1:5] AS ids FROM stage_eval WHERE status = 'undecided' AND NOT m${i}_present`,
    );
    if (row.n > 0) lines.push(`  model ${JSON.stringify(model)} (role ${roleName(policy, model)}): no rows for ${row.n} problem(s), e.g. ${row.ids.join(", ")}`);
  }
  const models = await queryRows<{ model: string }>(db, `SELECT DISTINCT model FROM ${difficulty} ORDER BY model`);
  throw new InputError(
    `stage: policy ${policy.name} needs models the difficulty data lacks for ${n} problem(s), nothing written:\n${lines.join("\n")}\n` +
      `  models in the data: ${models.map((m) => m.model).join(", ") || "(none)"}; grade them, or map the roles to these ids (roles: ${JSON.stringify(policy.roles)})`,
  );
}

/** The policy's level names (and its truncated level when kept separately) as a SQL list. */
function allLevelsSql(policy: StageDifficultyOptions["policy"]): string {
  return [...policy.levels.map((l) => l.name), ...(policy.truncation === "separate" ? [policy.truncatedLevel] : [])].map(sqlString).join(", ");
}
