/**
 * `rungs stats` on 10M rollouts (156,250 problems × 4 models × 16 samples, generated), graded and
 * staged first as a run would be. Baseline in the same run: one DuckDB scan summing tokens per model.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDB, sqlString } from "../src/core/duckdb.js";
import { RunFolder, partitionDirName } from "../src/core/run-folder.js";
import { gradeRun } from "../src/steps/grade/grade-difficulty.js";
import { PAPER_ROLES } from "../src/engines/policy/builtin-policies.js";
import { compilePolicy } from "../src/engines/policy/compile-policy.js";
import { loadRunDifficulty, STAGE_INPUT } from "../src/steps/stage/load-difficulty.js";
import { stageDifficulty } from "../src/steps/stage/stage-difficulty.js";
import { writeStats } from "../src/steps/stats/write-stats.js";

const PROBLEMS = Number(process.env.BENCH_STATS_PROBLEMS ?? 156_250);
const SAMPLES = 16;

async function generate(run: RunFolder): Promise<void> {
  const db = await openDuckDB();
  await mkdir(run.tableDir("problems"), { recursive: true });
  await db.run(`COPY (SELECT printf('%016x', hash(range)) AS id, CASE WHEN range % 3 = 0 THEN 'src-b' ELSE 'src-a' END AS source, CAST(range AS VARCHAR) AS source_id,
      CASE WHEN range % 4 = 0 THEN 'code' ELSE 'math' END AS domain, 'Problem ' || range AS prompt, '1' AS answer, NULL::VARCHAR AS tests, NULL::VARCHAR AS solution, '{}' AS meta
    FROM range(${PROBLEMS})) TO ${sqlString(run.path("problems", "part-00000.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
  for (const [k, model] of Object.values(PAPER_ROLES).entries()) {
    const dir = join(run.tableDir("rollouts"), partitionDirName("model", model));
    await mkdir(dir, { recursive: true });
    await db.run(`COPY (SELECT printf('%016x', hash(p)) AS problem_id, ${sqlString(model)} AS model, s::INTEGER AS sample_index, NULL::VARCHAR AS completion,
        sha256(CAST(p * 16 + s AS VARCHAR)) AS completion_sha256, 4000 AS completion_chars, CASE WHEN hash(p, s, ${k}) % 20 = 0 THEN 'length' ELSE 'stop' END AS finish_reason,
        120 AS prompt_tokens, (500 + hash(p, s) % 3000)::INTEGER AS completion_tokens, 1000.0 AS latency_ms,
        CASE WHEN (hash(p) % 100) / 100.0 < ${[0.3, 0.5, 0.7, 0.9][k]} * ((hash(p, s, ${k}) % 100) / 100.0 + 0.5) THEN 1.0 ELSE 0.0 END AS score,
        FALSE AS correct, 'wrong_answer' AS verdict, NULL::VARCHAR AS extracted, 'bench@1' AS verifier, NULL::VARCHAR AS endpoint, NULL::BIGINT AS seed, (s - s % 4)::INTEGER AS request_start, '2025-01-01T00:00:00Z' AS created_at
      FROM range(${PROBLEMS}) t(p), range(${SAMPLES}) u(s)) TO ${sqlString(join(dir, "part-00000.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
  }
  await gradeRun({ connection: db, run });
  await loadRunDifficulty(db, run.tableDir("difficulty"));
  await stageDifficulty({ connection: db, difficulty: STAGE_INPUT, policy: compilePolicy("am-2504.00829"), out: run, shards: false });
  db.closeSync();
}

export async function run(): Promise<void> {
  const run = new RunFolder(await mkdtemp(join(tmpdir(), "rungs-bench-stats-")));
  try {
    const g0 = performance.now();
    await generate(run);
    const rollouts = PROBLEMS * 4 * SAMPLES;
    process.stdout.write(`generated, graded and staged ${rollouts.toLocaleString("en-US")} rollouts in ${((performance.now() - g0) / 1000).toFixed(1)} s\n`);
    const db = await openDuckDB();
    const b0 = performance.now();
    await db.run(`SELECT model, count(*), sum(completion_tokens) FROM read_parquet(${sqlString(`${run.tableDir("rollouts")}/**/*.parquet`)}) GROUP BY model`);
    const baseline = (performance.now() - b0) / 1000;
    db.closeSync();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await writeStats(run);
      times.push((performance.now() - t0) / 1000);
    }
    const best = Math.min(...times);
    process.stdout.write(
      `stats (figures + report + 3 SVG charts): best ${best.toFixed(2)} s of ${times.map((t) => t.toFixed(2)).join(", ")} (goal < 2 s); ` +
        `${(best / baseline).toFixed(1)}× one token-sum scan of the rollouts (${baseline.toFixed(2)} s)\n`,
    );
  } finally {
    await rm(run.dir, { recursive: true, force: true });
  }
}
