import { stat } from "node:fs/promises";
import { join } from "node:path";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { InputError } from "../../core/errors.js";
import { queryRows, sharedDuckDB, sqlString } from "../../core/duckdb.js";
import { problemId } from "../../core/problem-id.js";
import { tableSource } from "../../core/table-store.js";

/**
 * Problems for the simulator from a run folder (its problems table), a folder of Parquet parts, or a
 * JSONL / Parquet file of rows with at least `prompt` (and `answer` for math, `tests`/`solution` for code).
 */
export async function loadSimProblems(path: string): Promise<Problem[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError(`sim: ${path} does not exist`, path);
  let source: string | undefined;
  if (info.isDirectory()) {
    const tableDir = (await stat(join(path, problemsTable.name)).catch(() => undefined))?.isDirectory() ? join(path, problemsTable.name) : path;
    source = await tableSource(tableDir);
    if (!source) throw new InputError(`sim: ${tableDir} holds no Parquet parts (expected a run folder or a problems table)`, path);
  } else if (/\.jsonl?$/i.test(path)) source = `read_json_auto(${sqlString(path)}, format = 'newline_delimited')`;
  else if (/\.parquet$/i.test(path)) source = `read_parquet(${sqlString(path)})`;
  else throw new InputError(`sim: ${path}: expected a run folder, a .jsonl or a .parquet file`, path);
  let rows: Record<string, unknown>[];
  try {
    rows = await queryRows(await sharedDuckDB(), `SELECT * FROM ${source}`);
  } catch (error) {
    throw new InputError(`sim: cannot read ${path}: ${(error as Error).message.split("\n")[0]}`, path);
  }
  return rows.map((row, i) => toProblem(row, `${path}:${i + 1}`));
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function toProblem(row: Record<string, unknown>, where: string): Problem {
  const prompt = text(row.prompt ?? row.problem ?? row.question);
  if (!prompt) throw new InputError(`sim: ${where}: the row has no prompt (or problem/question) field`);
  const domain = row.domain === "code" ? "code" : "math";
  return {
    id: text(row.id) ?? problemId(domain, prompt),
    source: text(row.source) ?? "sim",
    source_id: text(row.source_id) ?? where,
    domain,
    prompt,
    answer: text(row.answer),
    tests: text(row.tests),
    solution: text(row.solution),
    meta: text(row.meta) ?? "{}",
  };
}
