import { join } from "node:path";
import { difficultyTable, type DifficultyRow } from "../../../schemas/difficulty.js";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { hashUnit } from "../../core/hash.js";
import type { ProgressListener } from "../../core/progress.js";
import { noProgress } from "../../core/progress.js";
import { RunFolder } from "../../core/run-folder.js";
import type { Shard } from "../step.js";
import { readTable, replaceTable } from "../../core/table-store.js";
import { InputError } from "../../core/errors.js";
import { adapterByName, detectLayout, type LayoutAdapter } from "./adapters/index.js";
import { adaptRow } from "./adapt-row.js";
import { QuarantineWriter } from "../../core/quarantine-writer.js";
import { isReadFailure } from "../../engines/sources/readers/raw-record.js";
import { readFile } from "../../engines/sources/readers/read-files.js";
import { sourceFiles, sourceName, type SourceProvenance } from "../../engines/sources/source-files.js";
import { finishedSource, recordFinishedSource, sourceFingerprint } from "./source-fingerprint.js";
import type { RowMapper, SourceSpec } from "../../engines/config/source-spec.js";

export interface IngestSourceOptions {
  run: RunFolder;
  /** Folder name of this source's outputs (`ingested/<dir>/`, `imported_difficulty/<dir>/`, `quarantine/ingest-<dir>.jsonl`). */
  dir: string;
  shard?: Shard;
  /** Overrides the source's `limit`. */
  limit?: number;
  progress?: ProgressListener;
  cwd?: string;
  fetch?: typeof fetch;
  /** Re-ingest even when the source is unchanged since the last run. @default false */
  force?: boolean;
  /** (problem_id, model) pairs already imported by earlier sources: the difficulty key stays unique. */
  seenDifficulty?: Set<string>;
}

export interface IngestSourceResult {
  name: string;
  read: number;
  ingested: number;
  quarantined: number;
  importedDifficulty: number;
  reasons: Record<string, number>;
  adapters: string[];
  provenance: SourceProvenance;
  /** True when the source was unchanged since the last run and its outputs were kept. */
  skipped?: boolean;
}

/** Bumped when a source's rows would come out differently from the same files. */
export const INGEST_SOURCE_VERSION = "1";

/** True when an id (or a bad row's locator) belongs to this shard. */
export function inShard(key: string, shard?: Shard): boolean {
  return !shard || shard.count <= 1 || Math.floor(hashUnit(key) * shard.count) === shard.index;
}

/**
 * Ingests one source: reads its files, adapts each row, writes problems to `ingested/<dir>/`, imported
 * pass rates to `imported_difficulty/<dir>/` and rejected rows to `quarantine/ingest-<dir>.jsonl`.
 * One bad line or file never stops the rest; outputs replace the previous ones only when complete.
 */
export async function ingestSource(spec: SourceSpec, options: IngestSourceOptions): Promise<IngestSourceResult> {
  const { run, dir, shard, progress = noProgress, seenDifficulty = new Set() } = options;
  const name = sourceName(spec);
  const limit = options.limit ?? spec.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new InputError(`ingest: source ${name}: limit must be a whole number >= 0, got ${limit}`);
  const fixed: LayoutAdapter | RowMapper | "auto" = typeof spec.adapter === "function" ? spec.adapter : adapterByName(spec.adapter ?? "auto");
  const adapterOptions = { passRateColumns: spec.passRateColumns, passRateSamples: spec.passRateSamples };
  const { files, provenance } = await sourceFiles(spec, { cwd: options.cwd, progress, fetch: options.fetch });
  const ingestedDir = join(run.tableDir("ingested"), dir);
  const quarantinePath = join(run.quarantineDir, `ingest-${dir}.jsonl`); // the QuarantineWriter's one file
  const fingerprint = await sourceFingerprint(spec, files, { shard, limit, version: INGEST_SOURCE_VERSION, sha: provenance.hub?.sha });
  if (!options.force) {
    const done = await finishedSource<IngestSourceResult>(ingestedDir, quarantinePath, fingerprint);
    if (done) {
      // Imported pass rates of a skipped source still claim their keys, so later sources stay unique.
      if (done.importedDifficulty > 0) {
        for (const row of await readTable(join(run.tableDir("imported_difficulty"), dir), difficultyTable)) seenDifficulty.add(`${row.problem_id}\u0000${row.model}`);
      }
      progress({ step: "ingest", unit: "problems", label: name, done: done.ingested, message: "unchanged since the last run: kept" });
      return { ...done, skipped: true, provenance };
    }
  }

  const quarantineFile = `ingest-${dir}.jsonl`;
  const quarantine = new QuarantineWriter({ dir: run.quarantineDir, step: "ingest", fileFor: () => quarantineFile, owns: [quarantineFile] });
  const difficulty: DifficultyRow[] = [];
  const adaptersUsed = new Set<string>();
  let read = 0;
  let ingested = 0;

  async function* problems(): AsyncGenerator<Problem> {
    for (const file of files) {
      let adapter = fixed === "auto" ? undefined : fixed;
      for await (const item of readFile(file.local, { format: file.format, label: file.label, maxLineBytes: spec.maxLineBytes })) {
        if (limit !== undefined && ingested >= limit) return;
        if (isReadFailure(item)) {
          if ((item.reason === "unreadable_file" || item.reason === "symlink_loop") && spec.badFiles === "fail") throw new InputError(`ingest: ${item.detail}`, file.label);
          if (inShard(item.location, shard)) await quarantine.add({ source: name, location: item.location, reason: item.reason, detail: item.detail, row: item.raw });
          continue;
        }
        read++;
        adapter ??= detectLayout(Object.keys(item.row), file.label);
        adaptersUsed.add(typeof adapter === "function" ? "custom" : adapter.name);
        const outcome = adaptRow(item.row, item.location, adapter, { source: name, options: adapterOptions });
        if ("reason" in outcome) {
          if (inShard(item.location, shard)) await quarantine.add({ source: name, location: item.location, reason: outcome.reason, detail: outcome.detail, row: item.row });
          continue;
        }
        const { problem } = outcome;
        if (!inShard(problem.id, shard)) continue;
        for (const [model, rate] of Object.entries(outcome.passRates ?? {})) {
          const key = `${problem.id}\u0000${model}`;
          if (seenDifficulty.has(key)) continue;
          seenDifficulty.add(key);
          const samples = Math.max(1, Math.round(rate.samples ?? 1));
          difficulty.push({
            problem_id: problem.id,
            model,
            domain: problem.domain,
            samples,
            passes: Math.round(rate.pass_rate * samples),
            pass_rate: rate.pass_rate,
            mean_score: rate.pass_rate,
            truncation_rate: 0,
            mean_completion_tokens: null,
            total_completion_tokens: null,
            origin: "imported",
          });
        }
        ingested++;
        if (ingested % 5000 === 0) progress({ step: "ingest", unit: "problems", label: name, done: ingested, counters: { quarantined: quarantine.count } });
        yield problem;
      }
    }
  }

  try {
    // Sub-folders per source, not hive `source=` folders: the rows carry a `source` column already.
    await replaceTable(new RunFolder(run.tableDir("ingested")), { ...problemsTable, name: dir }, problems());
    await replaceTable(new RunFolder(run.tableDir("imported_difficulty")), { ...difficultyTable, name: dir }, difficulty);
    await quarantine.commit();
  } catch (error) {
    await quarantine.abort();
    throw error;
  }
  progress({ step: "ingest", unit: "problems", label: name, done: ingested, counters: { quarantined: quarantine.count } });
  const result: IngestSourceResult = { name, read, ingested, quarantined: quarantine.count, importedDifficulty: difficulty.length, reasons: quarantine.reasons, adapters: [...adaptersUsed], provenance };
  await recordFinishedSource(ingestedDir, fingerprint, result);
  return result;
}
