import { bool, field, int, list, pattern, str, strict } from "./schema-fields.js";

export const publishSchema = strict(
  {
    /** Target dataset repo, "owner/name". */
    repo: field(pattern(/^[^/\s]+\/[^/\s]+$/, 'a repo id "owner/name"'), 'Target dataset repo, "owner/name".'),
    /** Create the repo private (only applies when it does not exist yet). @default false */
    private: field(bool(), "Create the repo private (only applies when it does not exist yet).", false).optional(),
    /** Branch to commit to; it must exist unless it is "main". @default "main" */
    revision: field(str(true), 'Branch to commit to; it must exist unless it is "main".', "main").optional(),
    /** SPDX-style license id for the card. @default "other" */
    license: field(str(true), 'SPDX-style license id for the card, e.g. "apache-2.0", "cc-by-nc-4.0".', "other").optional(),
    /** Title shown on the Hub. @default the pipeline's name */
    prettyName: field(str(true), "Title shown on the Hub.", "~the pipeline's name").optional(),
    /** Extra card tags, added to the built-in ones. @default [] */
    tags: field(list(str(true)), "Extra card tags, added to the built-in ones (difficulty, curriculum-learning, ...).", []).optional(),
    /** Build the `publish/` folder but upload nothing. @default false */
    dryRun: field(bool(), "Build the publish/ folder but upload nothing.", false).optional(),
    /** Largest Parquet shard before a config is split into more files. @default 500_000_000 */
    maxShardBytes: field(int(1), "Largest Parquet shard before a config is split into more files.", 500_000_000).optional(),
    /** Target in-memory size of one Parquet row group. @default 64_000_000 */
    rowGroupBytes: field(int(1), "Target in-memory size of one Parquet row group (the viewer refuses row groups above ~286 MiB).", 64_000_000).optional(),
  },
  "Where and how a run is published on the Hugging Face Hub.",
);
