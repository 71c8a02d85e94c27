import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../core/duckdb.js";
import { InputError, UsageError } from "../../core/errors.js";
import { parseBudgetModel, type CompiledPolicy } from "../../engines/policy/compiled-policy.js";
import { listParquetFiles, pathExists } from "../../core/run-folder.js";

/** The relation every stage input is loaded into (difficulty columns plus `ref`). */
export const STAGE_INPUT = "stage_input";

const CREATE = `CREATE OR REPLACE TABLE ${STAGE_INPUT} (problem_id VARCHAR, model VARCHAR, domain VARCHAR, samples INTEGER, passes INTEGER,
  pass_rate DOUBLE, mean_score DOUBLE, truncation_rate DOUBLE, ref VARCHAR)`;

/** Optional columns of a standalone file get these values (passes from the rate, mean score = pass rate, no truncation). */
const FILLED = `problem_id, model, domain, samples, coalesce(passes, round(pass_rate * samples)) AS passes, pass_rate,
  coalesce(mean_score, pass_rate) AS mean_score, coalesce(truncation_rate, 0) AS truncation_rate`;

/** Loads the difficulty table of a run (every part) into `stage_input`. Returns the row count. */
export async function loadRunDifficulty(db: DuckDBConnection, difficultyDir: string): Promise<number> {
  const files = await listParquetFiles(difficultyDir);
  await db.run(CREATE);
  if (files.length === 0) return 0;
  await db.run(
    `INSERT INTO ${STAGE_INPUT} SELECT problem_id, model, domain, samples, passes, pass_rate, mean_score, truncation_rate, filename AS ref
     FROM read_parquet([${files.map(sqlString).join(", ")}], filename = true, union_by_name = true, hive_partitioning = false)`,
  );
  return count(db);
}

/**
 * Adds, for each budget model the policy reads (`<model>@<b>tok`, a rule with `budget: b`), the rows of
 * grade's budget_pass_rates at b to `stage_input`, as a model of their own: passes within the budget,
 * mean score = pass rate, no truncation (a sample cut by the budget is a failure, not "length-limited").
 * Fails when the table lacks a budget the policy reads. Returns the rows added.
 */
export async function loadRunBudgets(db: DuckDBConnection, budgetDir: string, policy: CompiledPolicy): Promise<number> {
  const wanted = policy.models.flatMap((id) => {
    const parsed = parseBudgetModel(id);
    return parsed ? [{ id, ...parsed }] : [];
  });
  if (wanted.length === 0) return 0;
  const files = await listParquetFiles(budgetDir);
  const source = files.length ? `read_parquet([${files.map(sqlString).join(", ")}], filename = true, hive_partitioning = false)` : undefined;
  const have = source ? new Set((await db.runAndReadAll(`SELECT DISTINCT budget FROM ${source}`)).getRowObjectsJS().map((r) => Number(r.budget))) : new Set<number>();
  const missing = [...new Set(wanted.map((w) => w.budget))].filter((b) => !have.has(b));
  if (missing.length > 0) {
    throw new UsageError(
      `stage: policy ${policy.name} reads pass rates at token budget(s) ${missing.join(", ")}, which ${budgetDir} does not have (budgets: ${[...have].sort((a, b) => a - b).join(", ") || "none"}); run grade again (it computes every budget the policy names)`,
    );
  }
  const before = await count(db);
  for (const w of wanted) {
    await db.run(
      `INSERT INTO ${STAGE_INPUT} SELECT b.problem_id, ${sqlString(w.id)} AS model, d.domain, b.samples, b.passes, b.pass_rate, b.pass_rate AS mean_score, 0.0 AS truncation_rate, b.filename AS ref
       FROM ${source} b JOIN (SELECT problem_id, model, any_value(domain) AS domain FROM ${STAGE_INPUT} GROUP BY problem_id, model) d ON d.problem_id = b.problem_id AND d.model = b.model
       WHERE b.model = ${sqlString(w.model)} AND b.budget = ${w.budget}`,
    );
  }
  return (await count(db)) - before;
}

/**
 * Loads a standalone difficulty file (JSONL or Parquet; rows with problem_id, domain, model, pass_rate,
 * samples, and optionally passes, mean_score, truncation_rate) into `stage_input`.
 */
export async function loadDifficultyFile(db: DuckDBConnection, path: string): Promise<number> {
  if (!(await pathExists(path))) throw new InputError(`stage: difficulty file ${path} does not exist`, path);
  await db.run(CREATE);
  if (extname(path) === ".parquet") {
    const source = `read_parquet(${sqlString(path)}, file_row_number = true)`;
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const have = new Set(described.getRowObjectsJS().map((r) => String(r.column_name)));
    for (const required of ["problem_id", "domain", "model", "pass_rate", "samples"]) {
      if (!have.has(required)) throw new InputError(`stage: ${path}: missing column ${required} (needs problem_id, domain, model, pass_rate, samples)`, path);
    }
    const opt = (c: string, type: string) => (have.has(c) ? `CAST(${c} AS ${type}) AS ${c}` : `NULL::${type} AS ${c}`);
    await db.run(
      `INSERT INTO ${STAGE_INPUT} SELECT ${FILLED}, ${sqlString(`${path} row `)} || (file_row_number + 1) AS ref FROM (SELECT CAST(problem_id AS VARCHAR) AS problem_id,
        CAST(model AS VARCHAR) AS model, CAST(domain AS VARCHAR) AS domain, CAST(samples AS INTEGER) AS samples, CAST(pass_rate AS DOUBLE) AS pass_rate,
        ${opt("passes", "INTEGER")}, ${opt("mean_score", "DOUBLE")}, ${opt("truncation_rate", "DOUBLE")}, file_row_number FROM ${source})`,
    );
    return count(db);
  }
  await db.run(`CREATE OR REPLACE TABLE stage_raw (problem_id VARCHAR, model VARCHAR, domain VARCHAR, samples DOUBLE, passes DOUBLE,
    pass_rate DOUBLE, mean_score DOUBLE, truncation_rate DOUBLE, ref VARCHAR)`);
  const appender = await db.createAppender("stage_raw");
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(text);
    } catch (error) {
      throw new InputError(`stage: ${path}:${line}: not valid JSON (${(error as Error).message})`, path, line);
    }
    if (!row || typeof row !== "object" || Array.isArray(row)) throw new InputError(`stage: ${path}:${line}: expected a JSON object`, path, line);
    for (const field of ["problem_id", "model", "domain"]) {
      const v = row[field];
      if (typeof v === "string") appender.appendVarchar(v);
      else if (typeof v === "number") appender.appendVarchar(String(v));
      else throw new InputError(`stage: ${path}:${line}: field ${field} must be a string, got ${JSON.stringify(v ?? null)}`, path, line);
    }
    for (const field of ["samples", "passes", "pass_rate", "mean_score", "truncation_rate"]) {
      const v = row[field];
      if (typeof v === "number" && Number.isFinite(v)) appender.appendDouble(v);
      else if (v === undefined || v === null) {
        if (field === "samples" || field === "pass_rate") throw new InputError(`stage: ${path}:${line}: field ${field} is required`, path, line);
        appender.appendNull();
      } else throw new InputError(`stage: ${path}:${line}: field ${field} must be a number, got ${JSON.stringify(v)}`, path, line);
    }
    appender.appendVarchar(`${path}:${line}`);
    appender.endRow();
  }
  appender.closeSync();
  const bad = await db.runAndReadAll(`SELECT ref, samples, passes FROM stage_raw WHERE samples <> round(samples) OR passes <> round(passes) LIMIT 1`);
  const [first] = bad.getRowObjectsJS();
  if (first) throw new InputError(`stage: ${first.ref}: samples and passes must be whole numbers, got ${first.samples} and ${first.passes}`, path);
  await db.run(`INSERT INTO ${STAGE_INPUT} SELECT ${FILLED}, ref FROM stage_raw`);
  await db.run(`DROP TABLE stage_raw`);
  return count(db);
}

async function count(db: DuckDBConnection): Promise<number> {
  const reader = await db.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${STAGE_INPUT}`);
  return Number(reader.getRowObjectsJS()[0].n);
}
