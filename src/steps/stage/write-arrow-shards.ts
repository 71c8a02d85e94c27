import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { Field, Float64, Int32, List, Struct, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from "apache-arrow";
import { sqlString, streamRows } from "../../core/duckdb.js";
import { replaceFolder } from "../../core/copy-to-parquet.js";
import { writeFileAtomic } from "../../core/atomic-file.js";

const FIGURES = new Struct([
  new Field("model", new Utf8(), false),
  new Field("samples", new Int32(), false),
  new Field("passes", new Int32(), false),
  new Field("pass_rate", new Float64(), false),
  new Field("mean_score", new Float64(), false),
  new Field("truncation_rate", new Float64(), false),
]);

/** Arrow type of each shard column (the same columns as the Parquet shards). */
function arrowType(column: string): DataType {
  return column === "pass_rates" ? new List(new Field("item", FIGURES, true)) : new Utf8();
}

/**
 * Writes each level as one Arrow IPC file, `arrow/<level>/train.arrow`, for consumers that memory-map
 * Arrow (e.g. `datasets.Dataset.from_file`). Kept apart from `shards/` so the Hub sees one format per config.
 */
export async function writeArrowShards(connection: DuckDBConnection, relation: string, columns: string, target: string, levels: string[], staging?: string): Promise<string[]> {
  const names = columns.split(",").map((c) => c.trim());
  const files: string[] = [];
  // `staging`: a folder the caller swaps in with its other outputs; else `target` is replaced here.
  const write = async (staging: string) => {
    for (const level of levels) {
      const values: Record<string, unknown[]> = Object.fromEntries(names.map((n) => [n, []]));
      for await (const rows of streamRows<Record<string, unknown>>(connection, `SELECT ${columns} FROM ${relation} WHERE level = ${sqlString(level)} ORDER BY problem_id`)) {
        for (const row of rows) for (const n of names) values[n].push(row[n] ?? null);
      }
      const table = new Table(Object.fromEntries(names.map((n) => [n, vectorFromArray(values[n], arrowType(n))])));
      await writeFileAtomic(join(staging, level, "train.arrow"), tableToIPC(table, "file"));
      files.push(join(target, level, "train.arrow"));
    }
  };
  await (staging ? write(staging) : replaceFolder(target, write));
  return files;
}
