import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { shardName } from "../../core/shard-name.js";

const MIN_DUCKDB_ROW_GROUP = 2048;

export interface WriteConfigShardsOptions {
  /** Largest shard file before the config is split. @default 500_000_000 */
  maxShardBytes?: number;
  /** Target in-memory bytes per row group (the dataset viewer refuses row groups above ~286 MiB). @default 64_000_000 */
  rowGroupBytes?: number;
}

export interface ConfigShards {
  config: string;
  /** Paths relative to the publish folder, e.g. `L1/train-00000-of-00001.parquet`. */
  files: string[];
  rows: number;
  /** Uncompressed bytes (the card's `dataset_size`). */
  bytes: number;
  /** Bytes on disk (the card's `download_size`). */
  downloadBytes: number;
  rowsPerRowGroup: number;
  columns: { name: string; type: string }[];
}

/**
 * Writes one config's rows (`orderBy` must be a unique key, so the order is total) as `<config>/train-0000i-of-0000N.parquet`.
 * A first full write measures the data; the shard count and row group size follow from it, so the
 * output depends only on the rows: an unchanged run gives byte-identical files.
 */
export async function writeConfigShards(
  db: DuckDBConnection,
  folder: string,
  config: string,
  select: string,
  orderBy: string,
  { maxShardBytes = 500_000_000, rowGroupBytes = 64_000_000 }: WriteConfigShardsOptions = {},
): Promise<ConfigShards> {
  const table = `publish_${config.replace(/[^A-Za-z0-9_]/g, "_")}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE "${table}" AS SELECT row_number() OVER (ORDER BY ${orderBy}) - 1 AS __row, * FROM (${select})`);
  try {
    const columns = (await queryRows<{ column_name: string; column_type: string }>(db, `DESCRIBE SELECT * EXCLUDE (__row) FROM "${table}"`)).map((c) => ({
      name: c.column_name,
      type: c.column_type,
    }));
    const [{ n }] = await queryRows<{ n: number }>(db, `SELECT count(*)::BIGINT AS n FROM "${table}"`);
    const dir = join(folder, config);
    await mkdir(dir, { recursive: true });
    const probe = join(dir, ".probe.parquet");
    await copyRange(db, table, probe, 0, n, 100_000);
    const probeSize = (await stat(probe)).size;
    const [{ raw }] = await queryRows<{ raw: number }>(db, `SELECT coalesce(sum(total_uncompressed_size), 0)::BIGINT AS raw FROM parquet_metadata(${sqlString(probe)})`);
    await rm(probe);
    const rowsPerRowGroup = Math.max(1, Math.min(100_000, Math.floor(rowGroupBytes / Math.max(1, raw / Math.max(1, n)))));
    // DuckDB keeps at least 2048 rows in a row group while it preserves order; rows so large that 2048 of
    // them pass the target (long code tests) get one row group per shard instead.
    const bySize = Math.ceil(probeSize / maxShardBytes);
    const shards = Math.max(1, bySize, rowsPerRowGroup < MIN_DUCKDB_ROW_GROUP ? Math.ceil(n / rowsPerRowGroup) : 0);
    const files: string[] = [];
    let downloadBytes = 0;
    for (let i = 0; i < shards; i++) {
      const name = shardName(i, shards);
      const start = Math.floor((n * i) / shards);
      const end = Math.floor((n * (i + 1)) / shards);
      await copyRange(db, table, join(dir, name), start, end, rowsPerRowGroup);
      downloadBytes += (await stat(join(dir, name))).size;
      files.push(`${config}/${name}`);
    }
    return { config, files, rows: n, bytes: raw, downloadBytes, rowsPerRowGroup, columns };
  } finally {
    await db.run(`DROP TABLE IF EXISTS "${table}"`);
  }
}

async function copyRange(db: DuckDBConnection, table: string, path: string, start: number, end: number, rowGroupSize: number): Promise<void> {
  await db.run(
    `COPY (SELECT * EXCLUDE (__row) FROM "${table}" WHERE __row >= ${start} AND __row < ${end} ORDER BY __row)
     TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupSize})`,
  );
}
