import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { duckdbType, quoteIdent, type TableColumns } from "../../schemas/columns.js";
import { sqlString } from "./duckdb.js";
import { swapDirectory } from "./run-folder.js";

export interface CopyToParquetOptions {
  /** @default 100000 */
  rowGroupSize?: number;
}

/**
 * Writes a query's result as one zstd Parquet file via a temporary name and a rename (a file that
 * exists is complete). Stays inside DuckDB: no rows pass through JavaScript.
 */
export async function copyToParquet(connection: DuckDBConnection, sql: string, path: string, { rowGroupSize = 100_000 }: CopyToParquetOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await connection.run(`COPY (${sql}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupSize})`);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** `SELECT CAST(c AS TYPE) AS c, ...`: a relation shaped exactly like a contract (order and types). */
export function contractSelect(columns: TableColumns, relation: string): string {
  const list = Object.entries(columns).map(([name, column]) => `CAST(${quoteIdent(name)} AS ${duckdbType(column)}) AS ${quoteIdent(name)}`);
  return `SELECT ${list.join(", ")} FROM ${relation}`;
}

/**
 * Replaces a folder with files written by `write(staging)`: readers see the old folder or the new one,
 * never a half-written one.
 */
export async function replaceFolder(target: string, write: (staging: string) => Promise<void>): Promise<void> {
  const staging = join(dirname(target), `.staging-${randomBytes(4).toString("hex")}`);
  await mkdir(staging, { recursive: true });
  try {
    await write(staging);
    await swapDirectory(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
