import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

export type SqlRow = Record<string, unknown>;

/** Opens an in-memory DuckDB (or a database file) and returns a connection. */
export async function openDuckDB(path = ":memory:", options: Record<string, string> = {}): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(path, options);
  return instance.connect();
}

let sharedInstance: Promise<DuckDBInstance> | undefined;
let shared: Promise<DuckDBConnection> | undefined;

function instance(): Promise<DuckDBInstance> {
  sharedInstance ??= DuckDBInstance.create(":memory:");
  return sharedInstance;
}

/** A process-wide in-memory connection for reading and writing Parquet (materialised queries). */
export function sharedDuckDB(): Promise<DuckDBConnection> {
  shared ??= instance().then((db) => db.connect());
  return shared;
}

/**
 * A new connection on the process-wide database, for a streamed result: any other query on a
 * connection silently ends a result still streaming on it, so a stream must own its connection.
 * Close it (`closeSync`) when the stream is done.
 */
export async function streamingConnection(): Promise<DuckDBConnection> {
  return (await instance()).connect();
}

/** Converts DuckDB JS values to plain JSON-friendly values (BIGINT → number when safe). */
export function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

/** Runs a query and returns all rows as plain objects. */
export async function queryRows<T = SqlRow>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql);
  return (reader.getRowObjectsJS() as unknown[]).map((row) => plainValue(row) as T);
}

/** Streams a query's rows in chunks (about 2048 rows each) without materialising the result. */
export async function* streamRows<T = SqlRow>(connection: DuckDBConnection, sql: string): AsyncGenerator<T[]> {
  const result = await connection.stream(sql);
  for await (const rows of result.yieldRowObjectJs()) {
    yield rows.map((row) => plainValue(row) as T);
  }
}

/** SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
