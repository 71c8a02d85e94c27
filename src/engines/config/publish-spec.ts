/** Where and how a run is published on the Hugging Face Hub (the pipeline's `publish` field). */
export interface PublishSpec {
  /** Target dataset repo, "owner/name". */
  repo: string;
  /** Create the repo private (only applies when it does not exist yet). @default false */
  private?: boolean;
  /** Branch to commit to; it must exist unless it is "main". @default "main" */
  revision?: string;
  /** SPDX-style license id for the card, e.g. "apache-2.0", "cc-by-nc-4.0". @default "other" */
  license?: string;
  /** Title shown on the Hub. @default the pipeline's name */
  prettyName?: string;
  /** Extra card tags, added to the built-in ones (difficulty, curriculum-learning, ...). @default [] */
  tags?: string[];
  /**
   * Build the `publish/` folder but upload nothing. The pipeline runner also stays offline when no
   * token is set; `rungs publish` without `--dry-run` insists on a token instead.
   * @default false
   */
  dryRun?: boolean;
  /** Largest Parquet shard before a config is split into more files. @default 500_000_000 (datasets' push_to_hub default) */
  maxShardBytes?: number;
  /** Target in-memory size of one Parquet row group (the viewer refuses row groups above ~286 MiB). @default 64_000_000 */
  rowGroupBytes?: number;
}
