import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { copyToParquet, replaceFolder } from "../../core/copy-to-parquet.js";
import { shardName } from "../../core/shard-name.js";

const VECTOR = 2048;

export interface ShardOptions {
  /** Most rows in one shard file. @default 100000 */
  maxRowsPerShard?: number;
  /** Most (uncompressed text) bytes in one shard file. @default 256 MiB */
  maxBytesPerShard?: number;
  /**
   * Most rows in one Parquet row group (the Hub's viewer reads one row group at a time). Row groups are
   * whole multiples of 2048 rows, so the smallest effective cap is 2048. @default 10000 (row groups of 8192)
   */
  maxRowsPerRowGroup?: number;
  /** Target (uncompressed text) bytes of one row group; long code tests shrink row groups below the row cap. @default 32 MiB */
  rowGroupBytes?: number;
}

export interface ShardsResult {
  /** Config (level) → shard files written. */
  files: Record<string, string[]>;
  rows: Record<string, number>;
}

export { shardName } from "../../core/shard-name.js";

/**
 * Writes `shards/<level>/train-0000k-of-0000N.parquet` from a relation with `level`, the shard columns,
 * `_rn` (0-based row number within the level: the shard order) and `_bytes` (row size estimate). Each level is one Hub config; rows are ordered by
 * problem id. The folder is replaced as a whole.
 */
export async function writeShards(
  connection: DuckDBConnection,
  relation: string,
  columns: string,
  target: string,
  { maxRowsPerShard = 100_000, maxBytesPerShard = 256 * 2 ** 20, maxRowsPerRowGroup = 10_000, rowGroupBytes = 32 * 2 ** 20 }: ShardOptions = {},
  /** A staging folder the caller swaps in with other outputs (a FolderTransaction); else `target` is replaced here. */
  staging?: string,
): Promise<ShardsResult> {
  if (!(maxRowsPerShard >= 1) || !(maxRowsPerRowGroup >= 1)) throw new TypeError("stage: expected `maxRowsPerShard` and `maxRowsPerRowGroup` to be numbers from 1 and up");
  const levels = await queryRows<{ level: string; rows: number; bytes: number }>(
    connection,
    `SELECT level, count(*) AS rows, sum(_bytes)::DOUBLE AS bytes FROM ${relation} GROUP BY level ORDER BY level`,
  );
  const result: ShardsResult = { files: {}, rows: {} };
  const write = async (staging: string) => {
    for (const { level, rows, bytes } of levels) {
      const count = Math.max(1, Math.ceil(rows / maxRowsPerShard), Math.ceil(bytes / maxBytesPerShard));
      const perShard = Math.ceil(rows / count);
      const avgBytes = Math.max(1, bytes / rows);
      // DuckDB cuts row groups at multiples of its 2048-row vectors: round down so the cap holds.
      const rowGroupSize = Math.max(VECTOR, Math.floor(Math.min(maxRowsPerRowGroup, rowGroupBytes / avgBytes) / VECTOR) * VECTOR);
      result.files[level] = [];
      result.rows[level] = rows;
      for (let k = 0; k < count; k++) {
        const name = shardName(k, count);
        await copyToParquet(
          connection,
          `SELECT ${columns} FROM ${relation} WHERE level = ${sqlString(level)} AND _rn >= ${k * perShard} AND _rn < ${(k + 1) * perShard} ORDER BY _rn`,
          join(staging, level, name),
          { rowGroupSize },
        );
        result.files[level].push(join(target, level, name));
      }
    }
  };
  await (staging ? write(staging) : replaceFolder(target, write));
  return result;
}
