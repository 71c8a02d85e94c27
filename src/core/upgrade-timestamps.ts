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
    for (const file of await listParquetFiles(run.tableDir(table.name))) {
      // Text is a BYTE_ARRAY in Parquet; a typed timestamp is an INT64.
      const text = await queryRows<{ name: string }>(
        db,
        `SELECT name FROM parquet_schema(${sqlString(file)}) WHERE name IN (${names.map(sqlString).join(", ")}) AND type = 'BYTE_ARRAY'`,
      );
      if (text.length === 0) continue;
      try {
        await copyToParquet(db, `${selectTimestampsTyped(table.columns)} FROM read_parquet(${sqlString(file)}, hive_partitioning = false)`, file);
      } catch (error) {
        throw new Error(`${file}: cannot convert ${text.map((t) => t.name).join(", ")} from text to timestamps: ${(error as Error).message.split("\n")[0]}`);
      }
      converted.push(file);
    }
  }
  return converted;
}
