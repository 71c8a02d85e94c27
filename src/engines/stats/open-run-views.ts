import { readdir } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDuckDB, sqlString } from "../../core/duckdb.js";
import { listParquetFiles, type RunFolder } from "../../core/run-folder.js";
import { quoteIdent } from "../../../schemas/columns.js";

/** Folders of a run that are not tables (their Parquet files are not one relation). */
const NOT_TABLES = new Set(["quarantine", "stats"]);

export interface RunViews {
  connection: DuckDBConnection;
  /** View name → what it reads. */
  views: Record<string, string>;
  close(): void;
}

/**
 * An in-memory DuckDB with one view per top-level folder of the run that holds Parquet files
 * (problems, rollouts, difficulty, staged, imported_difficulty, shards, ...), plus `quarantine` over
 * `quarantine/*.jsonl`. Unlike `rungs.duckdb` it takes no lock, so it works while a step writes.
 */
export async function openRunViews(run: RunFolder): Promise<RunViews> {
  const connection = await openDuckDB();
  const views: Record<string, string> = {};
  const entries = await readdir(run.dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || NOT_TABLES.has(entry.name)) continue;
    const files = await listParquetFiles(run.path(entry.name));
    if (files.length === 0) continue;
    const name = entry.name.replace(/[^A-Za-z0-9_]/g, "_");
    await connection.run(
      `CREATE OR REPLACE VIEW ${quoteIdent(name)} AS SELECT * FROM read_parquet([${files.map(sqlString).join(", ")}], union_by_name = true, hive_partitioning = false)`,
    );
    views[name] = run.path(entry.name);
  }
  const quarantine = (await readdir(run.quarantineDir).catch(() => [] as string[])).filter((f) => f.endsWith(".jsonl") && !f.startsWith("."));
  if (quarantine.length) {
    const files = quarantine.map((f) => sqlString(run.path("quarantine", f))).join(", ");
    await connection.run(
      `CREATE OR REPLACE VIEW quarantine AS SELECT *, parse_filename(filename, true) AS file FROM read_json([${files}], format = 'newline_delimited', union_by_name = true, filename = true)`,
    );
    views.quarantine = run.quarantineDir;
  }
  return { connection, views, close: () => connection.closeSync() };
}
