import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString, streamRows } from "../../../core/duckdb.js";
import type { ReadItem } from "./raw-record.js";

let instance: Promise<DuckDBInstance> | undefined;

/**
 * A connection of its own for each file: the table writers use the shared connection while a reader
 * is mid-stream, and one DuckDB connection cannot hold a streaming result across another query.
 */
async function readerConnection(): Promise<DuckDBConnection> {
  instance ??= DuckDBInstance.create(":memory:");
  return (await instance).connect();
}

/** The lines DuckDB skipped in a CSV, as failures located `label:line` (file lines, the header is line 1). */
async function* csvRejects(connection: DuckDBConnection, label: string): AsyncGenerator<ReadItem> {
  const rejects = await queryRows<{ line: number; column_name: string | null; error_type: string; csv_line: string; error_message: string }>(
    connection,
    "SELECT line, column_name, error_type, csv_line, error_message FROM reject_errors ORDER BY line",
  );
  for (const r of rejects) {
    const location = `${label}:${r.line}`;
    const column = r.column_name ? ` (column ${r.column_name})` : "";
    const reason = /encoding|unicode/i.test(`${r.error_type} ${r.error_message}`) ? "not_utf8" : "malformed_csv";
    yield { location, reason, detail: `${location}: ${r.error_message}${column}`, raw: r.csv_line };
  }
}

/** The DuckDB table function that reads one file. CSV cells stay text: answers like "007" or "1/2" must not become numbers. */
export function duckdbSource(path: string, format: "parquet" | "csv"): string {
  // store_rejects: a bad CSV line (wrong column count, invalid UTF-8) is skipped and listed in reject_errors, not fatal.
  return format === "parquet" ? `read_parquet(${sqlString(path)})` : `read_csv(${sqlString(path)}, header = true, all_varchar = true, store_rejects = true)`;
}

/**
 * Streams a Parquet or CSV file through DuckDB in chunks, each row located as `label#row` (0-based).
 * A file DuckDB cannot read (bad magic bytes, truncated, invalid UTF-8 in a CSV) yields one
 * `unreadable_file` failure naming the file; rows already streamed are kept.
 */
export async function* readWithDuckDB(path: string, format: "parquet" | "csv", label = path): AsyncGenerator<ReadItem> {
  const connection = await readerConnection();
  let row = 0;
  try {
    for await (const chunk of streamRows<Record<string, unknown>>(connection, `SELECT * FROM ${duckdbSource(path, format)}`)) {
      for (const value of chunk) yield { row: value, location: `${label}#${row++}` };
    }
    if (format === "csv") yield* csvRejects(connection, label);
  } catch (error) {
    const message = (error as Error).message.split("\n")[0].replaceAll(path, label);
    const where = row > 0 ? ` after row ${row - 1}` : "";
    yield { location: label, reason: "unreadable_file", detail: `${label}: cannot read ${format} file${where}: ${message}` };
  } finally {
    connection.closeSync();
  }
}
