import { TABLES } from "../../schemas/index.js";
import { DuckDBInstance } from "@duckdb/node-api";
import { sqlString } from "./duckdb.js";
import { listParquetFiles, type RunFolder } from "./run-folder.js";
import { quoteIdent } from "../../schemas/columns.js";
import { readdir } from "node:fs/promises";

/** Extra views a step can register (e.g. `export_verl`), by name → folder of Parquet files. */
export type ExtraViews = Record<string, string>;

/**
 * (Re)creates `rungs.duckdb` in the run folder with one view per table that has parts, so
 * `duckdb data/runs/<run>/rungs.duckdb` just works. Views use absolute paths (DuckDB resolves
 * relative paths against the reader's working directory, not the database file).
 * Returns the names of the views created. A database held open by another process is reported, not fatal.
 */
export async function refreshViews(run: RunFolder, extra: ExtraViews = {}): Promise<{ views: string[]; warning?: string }> {
  await run.ensure();
  let instance;
  try {
    instance = await DuckDBInstance.create(run.duckdbPath);
  } catch (error) {
    return { views: [], warning: `views: ${run.duckdbPath} is busy (${(error as Error).message.split("\n")[0]}); views not refreshed` };
  }
  const views: string[] = [];
  const connection = await instance.connect();
  try {
    const sources: Record<string, string> = Object.fromEntries(TABLES.map((t) => [t.name, run.tableDir(t.name)]));
    // Ingest's outputs (problems/difficulty contracts, one sub-folder per source) before curation and staging.
    for (const name of ["ingested", "imported_difficulty"]) sources[name] = run.tableDir(name);
    Object.assign(sources, extra);
    for (const [name, dir] of Object.entries(sources)) {
      const glob = `${dir}/**/*.parquet`;
      const files = await listParquetFiles(dir);
      if (files.length === 0) {
        await connection.run(`DROP VIEW IF EXISTS ${quoteIdent(name)}`);
        continue;
      }
      await connection.run(
        `CREATE OR REPLACE VIEW ${quoteIdent(name)} AS SELECT * FROM read_parquet(${sqlString(glob)}, union_by_name = true, hive_partitioning = false)`,
      );
      views.push(name);
    }
    const quarantine = await readdir(run.quarantineDir).catch(() => [] as string[]);
    if (quarantine.some((f) => f.endsWith(".jsonl"))) {
      await connection.run(
        `CREATE OR REPLACE VIEW quarantine AS SELECT * FROM read_json(${sqlString(`${run.quarantineDir}/*.jsonl`)}, format = 'newline_delimited', union_by_name = true)`,
      );
      views.push("quarantine");
    } else {
      await connection.run(`DROP VIEW IF EXISTS quarantine`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { views };
}
