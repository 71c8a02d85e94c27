import { readdir } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import type { Manifest } from "../../core/manifest.js";
import type { RunFolder } from "../../core/run-folder.js";

export interface SourceCuration {
  source: string;
  /** Rows read from the source files (ingest), when recorded. */
  read?: number;
  /** Rows that passed ingest. */
  ingested?: number;
  /** Problems kept after curation. */
  kept: number;
  math: number;
  code: number;
  /** Rows quarantined, by reason (ingest and curate). */
  removed: Record<string, number>;
}

export interface QuarantineExample {
  file: string;
  reason: string;
  source: string | null;
  detail: string | null;
  sourceId: string | null;
}

export interface Curation {
  sources: SourceCuration[];
  /** Quarantine file → reason → rows. */
  reasons: { file: string; step: string | null; reason: string; rows: number }[];
  /** Counts of the curate step (kept, duplicate, near_duplicate, contaminated, ...). */
  curateCounts: Record<string, number>;
  /** Evaluation sets used for decontamination, with their sizes. */
  evalSets: Record<string, number>;
  examples: QuarantineExample[];
}

/** Counts per source, quarantine reasons with a few examples each, duplicates and contamination removed. */
export async function collectCuration(db: DuckDBConnection, views: Record<string, string>, run: RunFolder, manifest: Manifest, examplesPerReason: number, seed: number): Promise<Curation> {
  const bySource = new Map<string, SourceCuration>();
  const entry = (source: string) => bySource.get(source) ?? bySource.set(source, { source, kept: 0, math: 0, code: 0, removed: {} }).get(source)!;
  const ingestSources = (manifest.steps.ingest?.details?.sources ?? []) as { name?: string; read?: number; ingested?: number }[];
  for (const s of ingestSources) if (s.name) Object.assign(entry(s.name), { read: s.read, ingested: s.ingested });
  if (views.problems) {
    const kept = await queryRows<{ source: string; math: number; code: number }>(
      db,
      `SELECT source, count_if(domain = 'math')::BIGINT AS math, count_if(domain = 'code')::BIGINT AS code FROM problems GROUP BY source ORDER BY source`,
    );
    for (const k of kept) Object.assign(entry(k.source), { kept: k.math + k.code, math: k.math, code: k.code });
  }
  const files = (await readdir(run.quarantineDir).catch(() => [] as string[])).filter((f) => f.endsWith(".jsonl") && !f.startsWith(".")).sort();
  let reasons: Curation["reasons"] = [];
  let examples: QuarantineExample[] = [];
  if (files.length) {
    // Only a few fields are read: quarantined rows vary in shape, and the row itself can be large.
    const source = `read_json([${files.map((f) => sqlString(run.path("quarantine", f))).join(", ")}], format = 'newline_delimited', filename = true,
      columns = {'step': 'VARCHAR', 'reason': 'VARCHAR', 'source': 'VARCHAR', 'source_id': 'VARCHAR', 'detail': 'VARCHAR'})`;
    await db.run(`CREATE OR REPLACE TEMP TABLE report_quarantine AS SELECT parse_filename(filename, true) AS file, step, coalesce(reason, '(none)') AS reason, source, source_id, detail FROM ${source}`);
    reasons = await queryRows(db, `SELECT file, any_value(step) AS step, reason, count(*)::BIGINT AS rows FROM report_quarantine GROUP BY file, reason ORDER BY file, rows DESC, reason`);
    const perSource = await queryRows<{ source: string | null; reason: string; rows: number }>(db, `SELECT source, reason, count(*)::BIGINT AS rows FROM report_quarantine GROUP BY ALL`);
    for (const r of perSource) entry(r.source ?? "(unknown source)").removed[r.reason] = r.rows;
    examples = examplesPerReason
      ? await queryRows<QuarantineExample>(
          db,
          `SELECT file, reason, source, left(detail, 400) AS detail, source_id AS "sourceId" FROM report_quarantine
           QUALIFY row_number() OVER (PARTITION BY file, reason ORDER BY hash(coalesce(source_id, '') || coalesce(detail, ''), ${seed})) <= ${examplesPerReason}
           ORDER BY file, reason`,
        )
      : [];
    await db.run(`DROP TABLE report_quarantine`);
  }
  return {
    sources: [...bySource.values()].sort((a, b) => a.source.localeCompare(b.source)),
    reasons,
    curateCounts: manifest.steps.curate?.counts ?? {},
    evalSets: (manifest.steps.curate?.details?.eval_problems ?? {}) as Record<string, number>,
    examples,
  };
}
