import type { Domain } from "../../../schemas/problems.js";

/** Where a Hub dataset lives. */
export interface HubLocation {
  /** Dataset repo id, e.g. "AI-MO/NuminaMath-CoT". */
  repo: string;
  /** Branch, tag or commit. @default "main" */
  revision?: string;
  /** Dataset config (subset), when the repo has several. @default the card's default config, else "default" */
  config?: string;
  /** Split to read. @default "train" */
  split?: string;
  /** File globs inside the repo, overriding the config/split lookup. */
  files?: string | string[];
  /**
   * Hub endpoint. @default the `HF_ENDPOINT` environment variable, else "https://huggingface.co"
   */
  endpoint?: string;
  /**
   * Access token for private or gated datasets. Never printed, logged or written anywhere.
   * @default the `HF_TOKEN` environment variable, else `HUGGING_FACE_HUB_TOKEN`
   */
  token?: string;
  /** Where downloaded files are kept (per repo and commit). @default "data/cache/hub" */
  cacheDir?: string;
}

/** A raw row as read from a file, before any adapter. */
export type RawRow = Record<string, unknown>;

/** Per-model pass rates carried by a dataset (AM-Math-Difficulty-RL, Big-Math style): model → rate. */
export type ImportedPassRates = Record<string, { pass_rate: number; samples?: number }>;

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
      /** Per-model pass rates carried by the dataset: model → rate (becomes imported difficulty rows). */
      passRates?: ImportedPassRates;
    }
  | { reject: string; detail?: string };

/** A user-written mapping for an unknown layout: a few lines in a pipeline file. */
export type RowMapper = (row: RawRow) => AdaptedRow;

/** File formats the local readers understand. */
export type FileFormat = "jsonl" | "json" | "parquet" | "csv";

/** One source of problems in a pipeline. */
export interface SourceSpec {
  /**
   * Layout adapter name (numina, eurus, deepscaler, big-math, am-difficulty, taco, apps, code-contests,
   * livecodebench, verl, rungs, auto) or a custom mapper function.
   * @default "auto"
   */
  adapter?: string | RowMapper;
  /** Local file path or glob (JSONL, JSON, Parquet, CSV), relative to the working directory. */
  path?: string | string[];
  /** Hub dataset location. */
  hub?: HubLocation;
  /** Name recorded in `problems.source` and used for the quarantine file. @default the repo id or the file name */
  name?: string;
  /** Read at most this many rows (after the shard filter). */
  limit?: number;
  /** File format. @default from the file extension (.jsonl/.ndjson, .json, .parquet, .csv) */
  format?: FileFormat;
  /**
   * What to do with a file that cannot be read at all (corrupt Parquet, bad CSV): "quarantine" records
   * it in the source's quarantine file and goes on with the other files; "fail" stops the step.
   * @default "quarantine"
   */
  badFiles?: "quarantine" | "fail";
  /**
   * Longest JSONL line read, in bytes: a longer line is quarantined (`line_too_long`, naming the file and
   * line) and skipped without being held in memory. @default 67108864 (64 MiB)
   */
  maxLineBytes?: number;
  /**
   * am-difficulty: map of pass-rate column → model id, replacing the `<model>_pass_rate` pattern.
   * Also used by any adapter that imports pass rates. @default {}
   */
  passRateColumns?: Record<string, string>;
  /** am-difficulty: samples behind each imported pass rate, when the dataset does not say. @default 1 */
  passRateSamples?: number;
}
