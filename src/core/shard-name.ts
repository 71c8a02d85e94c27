/**
 * The two kinds of shard a run names, each spelled in one place:
 * - a Hub file shard, `train-00003-of-00008.parquet` (0-based index, 5 digits: the `datasets` convention);
 * - a work shard of `--shard i/N`, `shard-2-of-4` (1-based, as the user typed it), used in manifest keys
 *   and per-shard folder names.
 */

/** `train-00003-of-00008.parquet`, the Hub's shard file naming. */
export function shardName(index: number, count: number, split = "train", ext = "parquet"): string {
  return `${split}-${String(index).padStart(5, "0")}-of-${String(count).padStart(5, "0")}.${ext}`;
}

/** Matches what `shardName` makes (any split, any extension). */
export const SHARD_NAME = /^[A-Za-z0-9_.]+-\d{5}-of-\d{5}\.[a-z]+$/;

/** `shard-2-of-4` for `--shard 2/4` (`index` is 0-based, as `ShardSpec` holds it). */
export function workShardLabel(shard: { index: number; count: number }): string {
  return `shard-${shard.index + 1}-of-${shard.count}`;
}
