import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { functionIdentity } from "../../core/hash.js";
import { InputError, UsageError } from "../../core/errors.js";
import { workShardLabel } from "../../core/shard-name.js";
import { defineStep, SHARD_OPTION, type StepContext, type StepResult } from "../step.js";
import type { RunFolder } from "../../core/run-folder.js";
import { ingestSource, type IngestSourceResult } from "./ingest-source.js";
import { sourceName } from "../../engines/sources/source-files.js";
import type { SourceSpec } from "../../engines/config/source-spec.js";

/** Bumped when ingestion would produce different rows from the same input. */
export const INGEST_VERSION = "1";

/**
 * The table curation reads: ingested problems, one sub-folder of Parquet parts per source
 * (`ingested/<source>/part-*.parquet`, problems contract). Read it with `tableSource(ingestedTableDir(run))`.
 */
export function ingestedTableDir(run: RunFolder): string {
  return run.tableDir("ingested");
}

/** Imported pass rates (difficulty contract, origin "imported"), one sub-folder per source. */
export function importedDifficultyDir(run: RunFolder): string {
  return run.tableDir("imported_difficulty");
}

/**
 * A file-system-safe folder name for a source (`AI-MO/NuminaMath-CoT` → `AI-MO__NuminaMath-CoT`), with the
 * shard when sharded. Every dataset reader must see it as data: no leading `_` or `.` (pyarrow and Spark skip
 * those; an absolute path `/data/x.jsonl` gave `__data__x.jsonl`) and no `=` (a hive partition to them).
 */
export function sourceDirName(name: string, shard?: StepContext["shard"]): string {
  const safe = name.replace(/\//g, "__").replace(/[^\w.@-]+/g, "_").replace(/^[_.]+/, "").slice(0, 120) || "source";
  return shard && shard.count > 1 ? `${safe}@${workShardLabel(shard)}` : safe;
}

export interface IngestSettings {
  version: string;
  /** The sources as ingest reads them (`--bad-files` applied). */
  sources: SourceSpec[];
  /** What of the sources decides the outputs: a custom mapper by the hash of its code, never the Hub token. */
  sourceIdentity: unknown[];
  /** `--limit N`: at most N problems per source. */
  limit: number | null;
  /** Keep the rows of sources the pipeline does not list (a standalone `rungs ingest --source` adds one source). Not hashed. */
  keepOtherSources: boolean;
}

/** A source as hashed: a mapper function by its code's hash, the Hub token left out. */
function sourceIdentity(s: SourceSpec): unknown {
  return {
    ...s,
    adapter: typeof s.adapter === "function" ? functionIdentity(s.adapter) : (s.adapter ?? "auto"),
    ...(s.hub ? { hub: { ...s.hub, token: undefined } } : {}),
  };
}

const INGEST_OPTIONS = {
  ...SHARD_OPTION,
  limit: { type: "string", flag: "--limit N", help: "ingest at most N problems per source (after the shard filter)" },
  "bad-files": { type: "string", flag: "--bad-files MODE", help: "quarantine (default: record an unreadable file and go on) | fail (stop on it)" },
} as const;

/**
 * Removes outputs of sources no longer in the pipeline, and of these sources under another sharding
 * (an unsharded run replaces all shards). Sibling shards of the same `-of-N` scheme are other machines' work: kept.
 */
async function removeStale(run: RunFolder, keep: Set<string>, bases: Set<string>, shard: StepContext["shard"]): Promise<void> {
  const scheme = shard && shard.count > 1 ? `-of-${shard.count}` : undefined;
  const stale = (name: string) => {
    if (keep.has(name)) return false;
    const [base, shardPart] = name.split("@shard-");
    return !(scheme && shardPart?.endsWith(scheme) && bases.has(base));
  };
  for (const table of ["ingested", "imported_difficulty"]) {
    for (const entry of await readdir(run.tableDir(table)).catch(() => [] as string[])) {
      if (!entry.startsWith(".") && stale(entry)) await rm(join(run.tableDir(table), entry), { recursive: true, force: true });
    }
  }
  for (const file of await readdir(run.quarantineDir).catch(() => [] as string[])) {
    const m = /^ingest-(.+)\.jsonl$/.exec(file);
    if (m && stale(m[1])) await rm(join(run.quarantineDir, file), { force: true });
  }
}

export const ingestStep = defineStep({
  name: "ingest",
  summary: "Read every source (local files or Hub datasets) through its layout adapter into ingested/",
  options: INGEST_OPTIONS,
  resolve(pipeline, cli): IngestSettings {
    const badFiles = cli["bad-files"];
    if (badFiles !== undefined && badFiles !== "quarantine" && badFiles !== "fail") throw new UsageError(`ingest: --bad-files: expected quarantine or fail, got ${JSON.stringify(badFiles)}`);
    let limit: number | null = null;
    if (cli.limit !== undefined) {
      limit = Number(cli.limit);
      if (cli.limit.trim() === "" || !Number.isInteger(limit) || limit < 0) throw new UsageError(`ingest: --limit: expected a whole number >= 0, got ${JSON.stringify(cli.limit)}`);
    }
    const sources: SourceSpec[] = pipeline.sources.map((s) => (badFiles ? { ...s, badFiles } : s));
    return { version: INGEST_VERSION, sources, sourceIdentity: sources.map(sourceIdentity), limit, keepOtherSources: false };
  },
  hashed: ["version", "sourceIdentity", "limit"],
  async run(ctx: StepContext, settings): Promise<StepResult> {
    const { sources } = settings;
    if (!sources.length) throw new UsageError("ingest: the pipeline has no sources");
    const limit = settings.limit ?? undefined;
    const names = sources.map(sourceName);
    const dirs = names.map((n) => sourceDirName(n, ctx.shard));
    const duplicate = dirs.find((d, i) => dirs.indexOf(d) !== i);
    if (duplicate) throw new UsageError(`ingest: two sources are named ${JSON.stringify(duplicate)}; give each a distinct name`);
    await ctx.run.ensure();
    // A standalone `rungs ingest --source` adds one source to the run folder: other sources' rows stay.
    if (!settings.keepOtherSources) await removeStale(ctx.run, new Set(dirs), new Set(names.map((n) => sourceDirName(n))), ctx.shard);

    const seenDifficulty = new Set<string>();
    const results: IngestSourceResult[] = [];
    for (let i = 0; i < sources.length; i++) {
      ctx.signal?.throwIfAborted();
      results.push(await ingestSource(sources[i], { run: ctx.run, dir: dirs[i], shard: ctx.shard, limit, progress: ctx.progress, seenDifficulty, force: Boolean(ctx.force) }));
    }

    // A source whose every row was rejected is a mistake (a wrong adapter, a wrong file), not a result: say so now,
    // with the quarantine file to read, instead of letting curate say "run the ingest step first".
    const rejected = results.filter((r) => r.ingested === 0 && r.quarantined > 0);
    if (rejected.length) {
      throw new InputError(
        rejected
          .map((r) => `ingest: source ${r.name}: every row was quarantined (${r.quarantined}: ${Object.entries(r.reasons).map(([k, v]) => `${k} ${v}`).join(", ")}); nothing ingested. See ${join(ctx.run.quarantineDir, `ingest-${dirs[results.indexOf(r)]}.jsonl`)}`)
          .join("\n"),
      );
    }

    const counts: Record<string, number> = { sources: results.length, sources_unchanged: 0, rows_read: 0, ingested: 0, quarantined: 0, imported_difficulty: 0 };
    for (const r of results) {
      if (r.skipped) counts.sources_unchanged++;
      counts.rows_read += r.read;
      counts.ingested += r.ingested;
      counts.quarantined += r.quarantined;
      counts.imported_difficulty += r.importedDifficulty;
      counts[`ingested:${r.name}`] = r.ingested;
      for (const [reason, n] of Object.entries(r.reasons)) counts[`quarantined_${reason}`] = (counts[`quarantined_${reason}`] ?? 0) + n;
    }
    const notes = results.filter((r) => r.quarantined > 0).map((r) => `ingest: ${r.name}: ${r.quarantined} rows quarantined (${Object.entries(r.reasons).map(([k, v]) => `${k} ${v}`).join(", ")}); see ${ctx.run.quarantineDir}`);
    return {
      counts,
      versions: { ingest: INGEST_VERSION },
      details: { sources: results.map((r, i) => ({ name: r.name, dir: dirs[i], unchanged: Boolean(r.skipped), adapters: r.adapters, read: r.read, ingested: r.ingested, quarantined: r.quarantined, reasons: r.reasons, imported_difficulty: r.importedDifficulty, ...r.provenance })) },
      notes,
    };
  },
});
