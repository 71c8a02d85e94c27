import type { Domain } from "../../schemas/problems.js";

/** Where a Hub dataset lives. */
export interface HubLocation {
  /** Dataset repo id, e.g. "AI-MO/NuminaMath-CoT". */
  repo: string;
  /** Branch, tag or commit. @default "main" */
  revision?: string;
  /** Dataset config (subset), when the repo has several. */
  config?: string;
  /** Split to read. @default "train" */
  split?: string;
  /** File globs inside the repo, overriding the config/split lookup. */
  files?: string | string[];
}

/** A raw row as read from a file, before any adapter. */
export type RawRow = Record<string, unknown>;

/** What an adapter makes of one raw row: a problem (without its id) or a reason to quarantine it. */
export type AdaptedRow =
  | {
      domain: Domain;
      prompt: string;
      answer?: string | null;
      tests?: string | null;
      solution?: string | null;
      source_id?: string;
      meta?: Record<string, unknown>;
      /** Per-model pass rates carried by the dataset (AM-Math-Difficulty-RL style): model → rate. */
      passRates?: Record<string, { pass_rate: number; samples?: number }>;
    }
  | { reject: string; detail?: string };

/** A user-written mapping for an unknown layout: a few lines in a pipeline file. */
export type RowMapper = (row: RawRow) => AdaptedRow;

/** One source of problems in a pipeline. */
export interface SourceSpec {
  /**
   * Layout adapter name (numina, eurus, deepscaler, big-math, am-difficulty, taco, apps, code-contests,
   * livecodebench, verl, rungs, auto) or a custom mapper function.
   * @default "auto"
   */
  adapter?: string | RowMapper;
  /** Local file path or glob (JSONL, JSON, Parquet, CSV). */
  path?: string | string[];
  /** Hub dataset location. */
  hub?: HubLocation;
  /** Name recorded in `problems.source`. @default the repo id or the file name */
  name?: string;
  /** Read at most this many rows (after the shard filter). */
  limit?: number;
}
