import { readdir } from "node:fs/promises";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { duckdbColumnsStruct, quoteIdent } from "../../schemas/columns.js";
import { quarantineLine } from "../../schemas/quarantine.js";
import { openDuckDB, sqlString } from "./duckdb.js";
import { hiveReadOptions, listParquetFiles, type RunFolder } from "./run-folder.js";
import { contractOfFolder, selectTimestampsTyped } from "./upgrade-timestamps.js";

/**
 * The one definition of a run's DuckDB views, used both for `rungs.duckdb` (what a user opens with
 * `duckdb`) and for the in-memory views of `rungs sql`, stats and report: one view per top-level
 * folder holding Parquet files (problems, rollouts, difficulty, staged, ingested, shards, export ...),
 * plus `quarantine` over `quarantine/*.jsonl` in the columns of its contract and the file name.
 */

/** Folders of a run that are not tables (their Parquet files, if any, are not one relation). */
const NOT_TABLES = new Set(["quarantine", "stats", "report"]);

export interface RunViewSource {
  /** View name: the folder name with anything but [A-Za-z0-9_] replaced by `_`. */
  name: string;
  /** Folder, relative to the run folder. */
  folder: string;
  /** Complete part files now (absolute). */
  files: string[];
}

/** The folders that become views, and their current part files. */
export async function runViewSources(run: RunFolder): Promise<{ tables: RunViewSource[]; quarantine: string[] }> {
  const tables: RunViewSource[] = [];
  const entries = await readdir(run.dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || NOT_TABLES.has(entry.name)) continue;
    const files = await listParquetFiles(run.path(entry.name));
    if (files.length) tables.push({ name: entry.name.replace(/[^A-Za-z0-9_]/g, "_"), folder: entry.name, files });
  }
  const quarantine = (await readdir(run.quarantineDir).catch(() => [] as string[])).filter((f) => f.endsWith(".jsonl") && !f.startsWith(".")).sort();
  return { tables, quarantine: quarantine.map((f) => run.path("quarantine", f)) };
}

/** A table folder's view; a contract table's timestamp columns are cast, so a run an older rungs wrote (text) reads typed too. */
const parquetView = (name: string, folder: string, files: string, hive: string) => {
  const contract = contractOfFolder(folder);
  const select = contract ? selectTimestampsTyped(contract.columns) : "SELECT *";
  return `CREATE OR REPLACE VIEW ${quoteIdent(name)} AS ${select} FROM read_parquet(${files}, union_by_name = true, ${hive})`;
};

const quarantineView = (files: string) =>
  `CREATE OR REPLACE VIEW quarantine AS SELECT * EXCLUDE (filename), parse_filename(filename, true) AS file
   FROM read_json(${files}, format = 'newline_delimited', columns = ${duckdbColumnsStruct(quarantineLine.columns)}, filename = true)`;

export interface RunViews {
  connection: DuckDBConnection;
  /** View name → the folder it reads. */
  views: Record<string, string>;
  close(): void;
}

/**
 * An in-memory DuckDB with the run's views over the part files that exist now (absolute paths).
 * Unlike `rungs.duckdb` it takes no lock, so it works while a step writes.
 */
export async function openRunViews(run: RunFolder): Promise<RunViews> {
  const connection = await openDuckDB();
  const views: Record<string, string> = {};
  const { tables, quarantine } = await runViewSources(run);
  for (const table of tables) {
    await connection.run(parquetView(table.name, table.folder, `[${table.files.map(sqlString).join(", ")}]`, hiveReadOptions(table.files, run.path(table.folder))));
    views[table.name] = run.path(table.folder);
  }
  if (quarantine.length) {
    await connection.run(quarantineView(`[${quarantine.map(sqlString).join(", ")}]`));
    views.quarantine = run.quarantineDir;
  }
  return { connection, views, close: () => connection.closeSync() };
}

/** Shown by `duckdb`'s `.schema`/`duckdb_views()`: where the relative paths start. */
const VIEW_COMMENT = "paths are relative to the run folder: open rungs.duckdb from there, or SET file_search_path = '<run folder>' first";

/**
 * (Re)creates `rungs.duckdb` in the run folder with the same views as `openRunViews`, over globs
 * relative to the run folder (`problems/**\/*.parquet`), so a copied or re-mounted run folder keeps
 * working. DuckDB resolves relative paths against the reader's working directory or, when set,
 * `file_search_path`: `cd <run> && duckdb rungs.duckdb` works as is; from elsewhere
 * `duckdb -cmd "SET file_search_path='<run>'" <run>/rungs.duckdb`, or `openRunDatabase`.
 * Returns the names of the views created. A database held open by another process is reported, not fatal.
 */
export async function refreshViews(run: RunFolder): Promise<{ views: string[]; warning?: string }> {
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
    // The views bind (and check their globs) when created, so they are created from the run folder.
    await connection.run(`SET file_search_path = ${sqlString(run.dir)}`);
    const { tables, quarantine } = await runViewSources(run);
    const wanted = new Set([...tables.map((t) => t.name), ...(quarantine.length ? ["quarantine"] : [])]);
    const existing = await connection.runAndReadAll(`SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()`);
    for (const [name] of existing.getRows()) if (!wanted.has(String(name))) await connection.run(`DROP VIEW IF EXISTS ${quoteIdent(String(name))}`);
    for (const table of tables) {
      await connection.run(parquetView(table.name, table.folder, sqlString(`${table.folder}/**/*.parquet`), hiveReadOptions(table.files, run.path(table.folder))));
      views.push(table.name);
    }
    if (quarantine.length) {
      await connection.run(quarantineView(sqlString("quarantine/*.jsonl")));
      views.push("quarantine");
    }
    for (const name of views) await connection.run(`COMMENT ON VIEW ${quoteIdent(name)} IS ${sqlString(VIEW_COMMENT)}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { views };
}

/** Opens a run's `rungs.duckdb` with `file_search_path` set to the run folder, from any working directory. */
export async function openRunDatabase(run: RunFolder): Promise<DuckDBConnection> {
  const connection = await openDuckDB(run.duckdbPath);
  await connection.run(`SET file_search_path = ${sqlString(run.dir)}`);
  return connection;
}
