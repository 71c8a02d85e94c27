import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { problemsTable, type Problem } from "../../../schemas/problems.js";
import { rolloutsTable, type Rollout } from "../../../schemas/rollouts.js";
import { queryRows, sharedDuckDB } from "../../core/duckdb.js";
import type { ProgressListener } from "../../core/progress.js";
import { parsePartitionDirName, type RunFolder } from "../../core/run-folder.js";
import { stagingPathFor, swapDirectory } from "../../core/atomic-file.js";
import { readTable, tableSource, writeParquetPart } from "../../core/table-store.js";
import { createCompletionVerifier, type CompletionVerifier } from "../../engines/verify/verify-completion.js";

export interface RescoreOptions {
  /** Only these models. @default every model stored */
  models?: string[];
  /** @default a fresh dispatcher (math pool, code grader) */
  verifier?: CompletionVerifier;
  /** Rows per rewritten part. @default 50000 */
  rowsPerPart?: number;
  progress?: ProgressListener;
}

export interface RescoreResult {
  rescored: number;
  changed: number;
  /** Rows stored without their completion (keepCompletions: false) or without their problem: kept as they were. */
  unchanged: number;
  duplicatesDropped: number;
  models: string[];
}

/**
 * Re-verifies stored completions with the current verifiers and rewrites each model's partition:
 * new parts go to a staging folder that replaces the partition, so readers see old or new, never half.
 * Do not run it while a sample step writes the same run.
 */
export async function rescoreRollouts(run: RunFolder, { models, verifier, rowsPerPart = 50_000, progress = () => {} }: RescoreOptions = {}): Promise<RescoreResult> {
  const tableDir = run.tableDir(rolloutsTable.name);
  const problems = new Map((await readTable(run.tableDir(problemsTable.name), problemsTable)).map((p) => [p.id, p as Problem]));
  const partitions = (await readdir(tableDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => ({ dir: join(tableDir, e.name), model: parsePartitionDirName(e.name)?.value }))
    .filter((p): p is { dir: string; model: string } => p.model !== undefined && (!models || models.includes(p.model)));
  const own = verifier ?? createCompletionVerifier();
  const result: RescoreResult = { rescored: 0, changed: 0, unchanged: 0, duplicatesDropped: 0, models: [] };
  try {
    for (const { dir, model } of partitions) {
      const source = await tableSource(dir);
      if (!source) continue;
      const db = await sharedDuckDB();
      const [{ total }] = await queryRows<{ total: number }>(db, `SELECT count(*)::INTEGER AS total FROM ${source}`);
      // Defensive dedupe: should a key ever appear twice, the first stored copy wins.
      const rows = await queryRows<Rollout>(
        db,
        `SELECT * FROM ${source} QUALIFY row_number() OVER (PARTITION BY problem_id, model, sample_index ORDER BY created_at) = 1 ORDER BY problem_id, sample_index`,
      );
      result.duplicatesDropped += total - rows.length;
      let done = 0;
      const rescored = await Promise.all(
        rows.map(async (row) => {
          const problem = problems.get(row.problem_id);
          if (row.completion === null || !problem) {
            result.unchanged++;
            return row;
          }
          const verdict = await own.verify(problem, { text: row.completion, finish_reason: row.finish_reason });
          result.rescored++;
          if (verdict.verdict !== row.verdict || verdict.score !== row.score) result.changed++;
          if (++done % 500 === 0) progress({ step: "rescore", unit: "rollouts", label: model, done, total: rows.length });
          return { ...row, ...verdict };
        }),
      );
      const staging = stagingPathFor(dir);
      for (let start = 0; start < rescored.length; start += rowsPerPart) {
        await writeParquetPart(staging, rolloutsTable, rescored.slice(start, start + rowsPerPart), { name: `part-rescored-${String(start / rowsPerPart).padStart(5, "0")}.parquet` });
      }
      await swapDirectory(staging, dir);
      progress({ step: "rescore", unit: "rollouts", label: model, done: rows.length, total: rows.length });
      result.models.push(model);
    }
  } finally {
    if (!verifier) await own.close();
  }
  return result;
}
