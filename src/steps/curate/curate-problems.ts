import { performance } from "node:perf_hooks";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { openDuckDB, queryRows, streamRows, sqlString } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import type { RunFolder } from "../../core/run-folder.js";
import { replaceTable, tableSource } from "../../core/table-store.js";
import type { ResolvedCurationOptions } from "../../engines/config/curation-options.js";
import type { ContaminationIndex } from "./contamination-index.js";
import { Hash64Set } from "../../engines/near-dup/hash64-set.js";
import { MinHasher } from "../../engines/near-dup/minhash.js";
import { NearDupIndex } from "../../engines/near-dup/near-dup-index.js";
import { shingleHashes } from "../../engines/near-dup/shingles.js";
import { ungradableReason } from "./gradability.js";
import { validateProblem } from "./validate-problem.js";
import type { TestAuditResult } from "../../engines/verify/code/index.js";
import { QuarantineWriter, type QuarantineEntry } from "../../core/quarantine-writer.js";
import { CURATE_REASONS, curateQuarantineFile, type CurateReason } from "./curate-reasons.js";

export interface CurateProblemsOptions {
  run: RunFolder;
  options: ResolvedCurationOptions;
  /** Evaluation n-grams; undefined = no decontamination. */
  contamination?: ContaminationIndex;
  /** Problems the test audit flagged, by id (only the flags options.quarantineTests names). */
  testAudit?: Map<string, TestAuditResult>;
  /** Source names in pipeline order: earlier sources win ties between duplicates. @default [] (by name) */
  sourceOrder?: readonly string[];
  /** Input table. @default "ingested" */
  input?: string;
  /** Rows per part file of `problems/`. @default 100000 */
  rowsPerPart?: number;
  progress?: ProgressListener;
  signal?: AbortSignal;
}

export interface CurateProblemsResult {
  counts: { input: number; kept: number } & Record<CurateReason, number>;
  /** Milliseconds spent per phase (the rest is reading, validation and writing). */
  timings: { total: number; exactDedup: number; nearDedup: number; decontamination: number };
  lsh?: { bands: number; rows: number };
}

/**
 * Streams `ingested/` once, in a deterministic order (sources in pipeline order, then the table's
 * row order), and keeps a row only if it is valid, gradable, uncontaminated and not a (near)
 * duplicate of a row kept before it. Memory holds only hashes and signatures of kept rows.
 */
export async function curateProblems({ run, options, contamination, testAudit, sourceOrder = [], input = "ingested", rowsPerPart = 100_000, progress = noProgress, signal }: CurateProblemsOptions): Promise<CurateProblemsResult> {
  const started = performance.now();
  const source = await tableSource(run.tableDir(input));
  if (!source) throw new UsageError(`curate: no ingested problems in ${run.tableDir(input)}; run the ingest step first`);
  // A connection of its own: writing a part runs a query on the shared connection, and a new query
  // on a connection silently ends the streaming result still open on it.
  const db = await openDuckDB();
  const perSource = await queryRows<{ source: string; n: number }>(db, `SELECT source, count(*)::BIGINT AS n FROM ${source} GROUP BY source`).catch((error: unknown) => {
    db.closeSync();
    throw error;
  });
  const rank = (name: string) => (sourceOrder.includes(name) ? sourceOrder.indexOf(name) : sourceOrder.length);
  perSource.sort((a, b) => rank(a.source) - rank(b.source) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const total = perSource.reduce((sum, s) => sum + Number(s.n), 0);

  const quarantine = new QuarantineWriter({
    dir: run.quarantineDir,
    step: "curate",
    fileFor: (entry) => curateQuarantineFile(entry.reason as CurateReason),
    owns: CURATE_REASONS.map(curateQuarantineFile),
    truncateRows: false, // a removed problem is kept whole, so it can be restored
  });
  await quarantine.sweep();
  // The test-audit reasons are counted only when curation quarantines by them (older runs' counts stay as they were).
  const reasons = CURATE_REASONS.filter((r) => (r !== "broken_tests" && r !== "weak_tests") || options.quarantineTests.includes(r));
  const counts = () => Object.fromEntries(reasons.map((r) => [r, quarantine.reasons[r] ?? 0])) as Record<CurateReason, number>;
  const exact = new Hash64Set(Math.min(total, 1 << 20));
  const hasher = options.nearDedup ? new MinHasher(options.numPerm) : undefined;
  const near = options.nearDedup ? new NearDupIndex(options.numPerm, options.nearDedupThreshold) : undefined;
  const nearIds: string[] = [];
  const timings = { total: 0, exactDedup: 0, nearDedup: 0, decontamination: 0 };
  let done = 0;
  let kept = 0;
  const signature = new Uint32Array(options.numPerm);

  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  type Evidence = Pick<QuarantineEntry, "field" | "kept_id" | "similarity" | "eval_set" | "eval_id" | "ngram">;
  const remove = (reason: CurateReason, detail: string, row: Record<string, unknown>, evidence: Evidence = {}) =>
    quarantine.add({ reason, detail, source: text(row.source), source_id: text(row.source_id), problem_id: text(row.id), ...evidence, row });

  async function* keptRows(): AsyncGenerator<Problem> {
    for (const { source: name } of perSource) {
      for await (const chunk of streamRows<Record<string, unknown>>(db, `SELECT * FROM ${source} WHERE source = ${sqlString(name)}`)) {
        if (signal?.aborted) throw new Error("curate: aborted");
        for (const row of chunk) {
          done++;
          const checked = validateProblem(row);
          if ("field" in checked) {
            await remove("invalid", checked.detail, row, { field: checked.field });
            continue;
          }
          const { problem } = checked;
          const ungradable = options.dropUngradable ? ungradableReason(problem, checked.meta, checked.tests) : undefined;
          if (ungradable) {
            await remove("ungradable", ungradable, problem);
            continue;
          }
          const audit = testAudit?.get(problem.id);
          const auditFlag = audit?.flags.find((f) => options.quarantineTests.includes(f));
          if (audit && auditFlag) {
            await remove(auditFlag, audit.evidence.join("; "), problem);
            continue;
          }
          let t = performance.now();
          const hit = contamination?.find(problem.prompt);
          timings.decontamination += performance.now() - t;
          if (hit) {
            await remove("contaminated", `shares a ${contamination!.n}-gram with ${hit.evalSet} ${hit.evalId}`, problem, { eval_set: hit.evalSet, eval_id: hit.evalId, ngram: hit.ngram });
            continue;
          }
          t = performance.now();
          const fresh = exact.add(problem.id);
          timings.exactDedup += performance.now() - t;
          if (!fresh) {
            await remove("duplicate", `same normalised text as kept problem ${problem.id}`, problem, { kept_id: problem.id });
            continue;
          }
          if (near && hasher) {
            t = performance.now();
            hasher.signature(shingleHashes(problem.prompt, options.shingle, options.shingleSize), signature);
            const match = near.query(signature);
            if (!match) nearIds.push(problem.id), near.add(signature);
            timings.nearDedup += performance.now() - t;
            if (match) {
              const keptId = nearIds[match.item]!;
              const similarity = Math.round(match.similarity * 1000) / 1000;
              await remove("near_duplicate", `similarity ${similarity} >= ${options.nearDedupThreshold} with kept problem ${keptId}`, problem, { kept_id: keptId, similarity });
              continue;
            }
          }
          kept++;
          yield problem;
        }
        progress({ step: "curate", unit: "problems", done, total, counters: { kept, ...counts() } });
      }
    }
  }

  try {
    await replaceTable(run, problemsTable, keptRows(), { rowsPerPart, validate: false });
    await quarantine.commit();
  } catch (error) {
    await quarantine.abort();
    throw error;
  } finally {
    db.closeSync();
  }
  timings.total = performance.now() - started;
  for (const key of Object.keys(timings) as (keyof typeof timings)[]) timings[key] = Math.round(timings[key]);
  return { counts: { input: done, kept, ...counts() }, timings, ...(near ? { lsh: near.params } : {}) };
}
