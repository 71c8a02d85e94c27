import type { DuckDBConnection } from "@duckdb/node-api";
import { duckdbType, quoteIdent, type TableColumns } from "../../schemas/columns.js";
import { sqlString } from "./duckdb.js";
import { replaceDirectoryAtomic, withTempFile } from "./atomic-file.js";

export interface CopyToParquetOptions {
  /** @default 100000 */
  rowGroupSize?: number;
}

/**
 * Writes a query's result as one zstd Parquet file via a temporary name and a rename (a file that
 * exists is complete). Stays inside DuckDB: no rows pass through JavaScript.
 */
export async function copyToParquet(connection: DuckDBConnection, sql: string, path: string, { rowGroupSize = 100_000 }: CopyToParquetOptions = {}): Promise<void> {
  await withTempFile(path, async (tmp) => {
    await connection.run(`COPY (${sql}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupSize})`);
  });
}

/** `SELECT CAST(c AS TYPE) AS c, ...`: a relation shaped exactly like a contract (order and types). */
export function contractSelect(columns: TableColumns, relation: string): string {
  const list = Object.entries(columns).map(([name, column]) => `CAST(${quoteIdent(name)} AS ${duckdbType(column)}) AS ${quoteIdent(name)}`);
  return `SELECT ${list.join(", ")} FROM ${relation}`;
}

/**
 * Replaces a folder with files written by `write(staging)`: readers see the old folder or the new one,
 * never a half-written one. (An alias of `replaceDirectoryAtomic`, kept for the steps that call it.)
 */
export const replaceFolder: (target: string, write: (staging: string) => Promise<void>) => Promise<void> = replaceDirectoryAtomic;
