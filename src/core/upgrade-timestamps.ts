import { TABLES } from "../../schemas/index.js";
import { quoteIdent, timestampColumns, type TableColumns } from "../../schemas/columns.js";
import type { TableContract } from "../../schemas/table.js";
import { copyToParquet } from "./copy-to-parquet.js";
import { queryRows, sharedDuckDB, sqlString } from "./duckdb.js";
import { listParquetFiles, type RunFolder } from "./run-folder.js";

/**
 * `SELECT * REPLACE (CAST(c AS TIMESTAMPTZ) AS c, ...)` for a contract's timestamp columns, or `SELECT *` when it
 * has none. Reading a part written before rungs typed the column (ISO-8601 text), it yields the typed column; on a
 * typed one it changes nothing.
 */
export function selectTimestampsTyped(columns: TableColumns): string {
  const names = timestampColumns(columns);
  return names.length ? `SELECT * REPLACE (${names.map((n) => `CAST(${quoteIdent(n)} AS TIMESTAMPTZ) AS ${quoteIdent(n)}`).join(", ")})` : "SELECT *";
}

/** The contract of a run's table folder (its name), when the folder is one. */
export function contractOfFolder(folder: string): TableContract | undefined {
  return TABLES.find((table) => table.name === folder);
}

/**
 * Converts the part files of a run written before a column became a timestamp (it held ISO-8601 text, e.g.
 * rollouts.created_at) into the typed column, each part rewritten to a temporary name and renamed over itself, so
 * every reader (pyarrow, pandas, Polars, datasets, DuckDB) sees one type across the folder. Call it holding the
 * run's lock with no other writer live (a step's start, after the sweep). Returns the files converted.
 */
export async function upgradeTimestampColumns(run: RunFolder, tables: readonly TableContract[] = TABLES): Promise<string[]> {
  const db = await sharedDuckDB();
  const converted: string[] = [];
  for (const table of tables) {
    const names = timestampColumns(table.columns);
    if (names.length === 0) continue;
    const files = await listParquetFiles(run.tableDir(table.name));
    if (files.length === 0) continue;
    // One pass over the footers: text is a BYTE_ARRAY in Parquet, a typed timestamp an INT64.
    const text = await queryRows<{ file_name: string; columns: string[] }>(
      db,
      `SELECT file_name, list(name ORDER BY name) AS columns FROM parquet_schema([${files.map(sqlString).join(", ")}])
       WHERE name IN (${names.map(sqlString).join(", ")}) AND type = 'BYTE_ARRAY' GROUP BY file_name ORDER BY file_name`,
    );
    for (const { file_name: file, columns } of text) {
      try {
        await copyToParquet(db, `${selectTimestampsTyped(table.columns)} FROM read_parquet(${sqlString(file)}, hive_partitioning = false)`, file);
      } catch (error) {
        throw new Error(`${file}: cannot convert ${columns.join(", ")} from text to timestamps: ${(error as Error).message.split("\n")[0]}`);
      }
      converted.push(file);
    }
  }
  return converted;
}
