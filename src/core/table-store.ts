import { mkdir, rm, open } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { TableContract } from "../../schemas/table.js";
import type { RowOf, TableColumns } from "../../schemas/columns.js";
import { duckdbColumnsStruct, quoteIdent } from "../../schemas/columns.js";
import { sharedDuckDB, sqlString, streamRows, queryRows, streamingConnection } from "./duckdb.js";
import { assertRow } from "./validate-row.js";
import { hiveReadOptions, listParquetFiles, newPartName, partitionDirName, type RunFolder } from "./run-folder.js";
import { replaceDirectoryAtomic, withTempFile, writeFileAtomic } from "./atomic-file.js";
import { DiskFullError } from "./errors.js";
import { isDiskFull, writeAll } from "./write-all.js";

export interface WritePartOptions {
  /** Value of the table's partition column for every row of this part (hive directory). */
  partition?: string;
  /** Check every row against the contract before writing. @default true */
  validate?: boolean;
  /** Part file name. @default a fresh unique name */
  name?: string;
  /** Parquet row group size. @default 100000 */
  rowGroupSize?: number;
}

/**
 * Writes rows as one Parquet part (zstd) of a table under `tableDir`, via a temporary name and a rename:
 * a part that exists is complete. Columns and types come from the contract, never from the data.
 */
export async function writeParquetPart<C extends TableColumns>(
  tableDir: string,
  table: TableContract<C>,
  rows: readonly RowOf<C>[],
  { partition, validate = true, name = newPartName(), rowGroupSize = 100_000 }: WritePartOptions = {},
): Promise<string> {
  if (validate) for (const row of rows) assertRow(table.name, table.columns, row as Record<string, unknown>);
  const partitioned = partition !== undefined && table.partitionBy !== undefined;
  const dir = partitioned ? join(tableDir, partitionDirName(table.partitionBy!, partition)) : tableDir;
  await mkdir(dir, { recursive: true });
  const finalPath = join(dir, name);
  const tmpJson = join(dir, `.${name}.${randomBytes(4).toString("hex")}.jsonl`);
  try {
    await writeJsonLines(tmpJson, rows);
    // The partition column is in the folder name only (readers take it from there; see hiveReadOptions).
    const fileColumns = partitioned ? Object.fromEntries(Object.entries(table.columns).filter(([name]) => name !== table.partitionBy)) : table.columns;
    await withTempFile(finalPath, (tmpParquet) =>
      copyJsonToParquet(tmpJson, tmpParquet, fileColumns, rowGroupSize).catch((error) => {
        throw isDiskFull(error) ? new DiskFullError(tmpParquet) : error;
      }),
    );
  } finally {
    await rm(tmpJson, { force: true });
  }
  return finalPath;
}

async function writeJsonLines(path: string, rows: readonly unknown[]): Promise<void> {
  const handle = await open(path, "w");
  try {
    const chunk: string[] = [];
    for (const row of rows) {
      chunk.push(JSON.stringify(row));
      if (chunk.length >= 4096) {
        await writeAll(handle, `${chunk.join("\n")}\n`, path);
        chunk.length = 0;
      }
    }
    if (chunk.length) await writeAll(handle, `${chunk.join("\n")}\n`, path);
  } finally {
    // Some file systems (NFS) report a full disk only when the file is closed.
    await handle.close().catch((error) => {
      throw isDiskFull(error) ? new DiskFullError(path) : error;
    });
  }
}

async function copyJsonToParquet(jsonPath: string, parquetPath: string, columns: TableColumns, rowGroupSize: number): Promise<void> {
  const db = await sharedDuckDB();
  const select = Object.keys(columns).map(quoteIdent).join(", ");
  await db.run(
    `COPY (SELECT ${select} FROM read_json(${sqlString(jsonPath)}, format = 'newline_delimited', columns = ${duckdbColumnsStruct(columns)}, maximum_object_size = 1073741824))
     TO ${sqlString(parquetPath)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupSize})`,
  );
}

/** SQL that reads a table as the union of its part files, or undefined when it has none. */
export async function tableSource(tableDir: string): Promise<string | undefined> {
  const files = await listParquetFiles(tableDir);
  if (files.length === 0) return undefined;
  return `read_parquet([${files.map(sqlString).join(", ")}], union_by_name = true, ${hiveReadOptions(files, tableDir)})`;
}

/** Reads every row of a table (the union of its parts). Returns [] when the table has no parts. */
export async function readTable<C extends TableColumns>(tableDir: string, _table: TableContract<C>, where = ""): Promise<RowOf<C>[]> {
  const source = await tableSource(tableDir);
  if (!source) return [];
  return queryRows<RowOf<C>>(await sharedDuckDB(), `SELECT * FROM ${source} ${where}`);
}

/** Streams a table's rows in chunks, on a connection of its own (writes elsewhere cannot cut it short). */
export async function* iterateTable<C extends TableColumns>(tableDir: string, _table: TableContract<C>, where = ""): AsyncGenerator<RowOf<C>[]> {
  const source = await tableSource(tableDir);
  if (!source) return;
  const connection = await streamingConnection();
  try {
    yield* streamRows<RowOf<C>>(connection, `SELECT * FROM ${source} ${where}`);
  } finally {
    connection.closeSync();
  }
}

export interface ReplaceTableOptions {
  /** Rows per part file. @default 250000 */
  rowsPerPart?: number;
  validate?: boolean;
}

/**
 * Writes a whole table anew (e.g. problems after curation): parts go to a staging folder that then
 * replaces the table's folder, so readers never see a half-written table.
 */
export async function replaceTable<C extends TableColumns>(
  run: RunFolder,
  table: TableContract<C>,
  rows: Iterable<RowOf<C>> | AsyncIterable<RowOf<C>>,
  { rowsPerPart = 250_000, validate = true }: ReplaceTableOptions = {},
): Promise<{ rows: number; parts: string[] }> {
  const target = run.tableDir(table.name);
  const parts: string[] = [];
  let count = 0;
  await replaceDirectoryAtomic(target, async (staging) => {
    let buffer: RowOf<C>[] = [];
    const flush = async () => {
      if (buffer.length === 0) return;
      const name = `part-${String(parts.length).padStart(5, "0")}.parquet`;
      await writeParquetPart(staging, table, buffer, { validate, name });
      parts.push(join(target, name));
      count += buffer.length;
      buffer = [];
    };
    for await (const row of rows) {
      buffer.push(row);
      if (buffer.length >= rowsPerPart) await flush();
    }
    await flush();
  });
  return { rows: count, parts };
}

export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
