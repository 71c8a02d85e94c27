import { z } from "zod";
import { DOMAINS } from "../../../schemas/problems.js";
import { bool, field, fn, int, list, num, oneOf, str, strict } from "./schema-fields.js";
import type { RowMapper } from "./source-spec.js";

/** One path or glob, or several. */
export const paths = () => z.union([str(true), list(str(true), 1)]).meta({ check: "a path or glob, or a list of them" });

export const hubLocationSchema = strict(
  {
    /** Dataset repo id, e.g. "AI-MO/NuminaMath-CoT". */
    repo: field(str(true), 'Dataset repo id, e.g. "AI-MO/NuminaMath-CoT".'),
    /** Branch, tag or commit. @default "main" */
    revision: field(str(true), "Branch, tag or commit.", "main").optional(),
    /** Dataset config (subset), when the repo has several. @default the card's default config, else "default" */
    config: field(str(true), "Dataset config (subset), when the repo has several.", '~the card\'s default config, else "default"').optional(),
    /** Split to read. @default "train" */
    split: field(str(true), "Split to read.", "train").optional(),
    /** File globs inside the repo, overriding the config/split lookup. */
    files: field(paths(), "File globs inside the repo, overriding the config/split lookup.").optional(),
    /** Hub endpoint. @default the `HF_ENDPOINT` environment variable, else "https://huggingface.co" */
    endpoint: field(str(true), "Hub endpoint.", '~the HF_ENDPOINT environment variable, else "https://huggingface.co"').optional(),
    /** Access token for private or gated datasets. Never printed, logged or written anywhere. @default the `HF_TOKEN` environment variable */
    token: field(str(true), "Access token for private or gated datasets; never printed, logged or written.", "~the HF_TOKEN environment variable").optional(),
    /** Where downloaded files are kept (per repo and commit). @default "data/cache/hub" */
    cacheDir: field(str(true), "Where downloaded files are kept (per repo and commit).", "data/cache/hub").optional(),
  },
  "Where a Hub dataset lives.",
);

export const sourceSchema = strict(
  {
    /** Layout adapter name or a custom mapper function `(row) => problem | { reject }`. @default "auto" */
    adapter: field(
      z.union([str(true), fn<RowMapper>()]).meta({ check: "an adapter name or a function" }),
      "Layout adapter (numina, eurus, deepscaler, big-math, am-difficulty, taco, apps, code-contests, livecodebench, verl, rungs, auto) or a custom mapper function.",
      "auto",
    ).optional(),
    /** Local file path or glob (JSONL, JSON, Parquet, CSV), relative to the working directory. */
    path: field(paths(), "Local file path or glob (JSONL, JSON, Parquet, CSV), relative to the working directory.").optional(),
    /** Hub dataset location. */
    hub: field(hubLocationSchema, "Hub dataset location.").optional(),
    /** Name recorded in `problems.source` and used for the quarantine file. @default the repo id or the file name */
    name: field(str(true), "Name recorded in problems.source and used for the quarantine file.", "~the repo id or the file name").optional(),
    /** Read at most this many rows (after the shard filter). */
    limit: field(int(0), "Read at most this many rows (after the shard filter).", "~no limit").optional(),
    /** File format. @default from the file extension */
    format: field(oneOf(["jsonl", "json", "parquet", "csv"]), "File format.", "~from the file extension (.jsonl/.ndjson, .json, .parquet, .csv)").optional(),
    /** A file that cannot be read at all: "quarantine" records it and goes on; "fail" stops the step. @default "quarantine" */
    badFiles: field(oneOf(["quarantine", "fail"]), 'A file that cannot be read at all: "quarantine" records it and goes on; "fail" stops the step.', "quarantine").optional(),
    /** Longest JSONL line read, in bytes; a longer one is quarantined (line_too_long) without being held in memory. @default 67108864 (64 MiB) */
    maxLineBytes: field(int(1), "Longest JSONL line read, in bytes; a longer one is quarantined (line_too_long, naming file and line) without being held in memory.", 67108864).optional(),
    /** am-difficulty: pass-rate column → model id, replacing the `<model>_pass_rate` pattern. @default {} */
    passRateColumns: field(z.record(z.string(), str(true)), "am-difficulty: pass-rate column → model id, replacing the <model>_pass_rate pattern.", {}).optional(),
    /** am-difficulty: samples behind each imported pass rate, when the dataset does not say. @default 1 */
    passRateSamples: field(int(1), "am-difficulty: samples behind each imported pass rate, when the dataset does not say.", 1).optional(),
  },
  "One source of problems: local files (path) or a Hub dataset (hub).",
).refine((s) => !s.path !== !s.hub, { error: "needs exactly one of path (local files) or hub (a Hub dataset)" });

export const domainSchema = oneOf(DOMAINS as unknown as readonly ["math", "code"]);
