/**
 * grade + stage + shard on 1M problems × 4 models (generated imported pass rates, 16 samples each),
 * measured in a child process so peak memory (maxRSS, DuckDB included) covers only the measured work.
 * Baseline in the same run: a plain DuckDB copy of the 4M difficulty rows to Parquet.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDuckDB, sqlString } from "../src/core/duckdb.js";
import { RunFolder } from "../src/core/run-folder.js";
import { gradeRun } from "../src/steps/grade/grade-difficulty.js";
import { compilePolicy } from "../src/engines/policy/compile-policy.js";
import { loadRunDifficulty, STAGE_INPUT } from "../src/steps/stage/load-difficulty.js";
import { stageDifficulty } from "../src/steps/stage/stage-difficulty.js";
import { PAPER_ROLES } from "../src/engines/policy/builtin-policies.js";

const PROBLEMS = Number(process.env.BENCH_PROBLEMS ?? 1_000_000);

/** Problems (short prompts) and imported difficulty rows whose pass rates follow a latent difficulty. */
export async function generate(dir: string): Promise<void> {
  const db = await openDuckDB();
  const models = Object.values(PAPER_ROLES);
  for (const sub of ["problems", "imported_difficulty"]) await mkdir(join(dir, sub), { recursive: true });
  await db.run(`COPY (SELECT printf('%016x', hash(range)) AS id, 'bench' AS source, CAST(range AS VARCHAR) AS source_id, CASE WHEN range % 4 = 0 THEN 'code' ELSE 'math' END AS domain,
      'Compute the value of problem ' || range || ' and give the answer in a box.' AS prompt, CASE WHEN range % 4 = 0 THEN NULL ELSE CAST(range % 97 AS VARCHAR) END AS answer,
      CASE WHEN range % 4 = 0 THEN '{"kind":"stdio","cases":[]}' ELSE NULL END AS tests, NULL::VARCHAR AS solution, '{}' AS meta FROM range(${PROBLEMS}))
    TO ${sqlString(join(dir, "problems", "part-00000.parquet"))} (FORMAT parquet, COMPRESSION zstd)`)
  const skill = models.map((_, k) => [0.25, 0.45, 0.65, 0.85][k]);
  const parts = models.map(
    (m, k) => `SELECT printf('%016x', hash(range)) AS problem_id, ${sqlString(m)} AS model, CASE WHEN range % 4 = 0 THEN 'code' ELSE 'math' END AS domain, 16 AS samples,
      least(16, greatest(0, round(16 * (${skill[k]} + 0.6 * ((hash(range * 7 + ${k}) % 1000) / 1000.0 - 0.5) - 0.5 * ((hash(range) % 1000) / 1000.0 - 0.5)))))::INTEGER AS passes FROM range(${PROBLEMS})`,
  );
  await db.run(`COPY (SELECT problem_id, model, domain, samples, passes, passes / samples AS pass_rate, passes / samples AS mean_score, 0.0 AS truncation_rate,
      NULL::DOUBLE AS mean_completion_tokens, NULL::BIGINT AS total_completion_tokens, 'imported' AS origin FROM (${parts.join(" UNION ALL ")}))
    TO ${sqlString(join(dir, "imported_difficulty", "part-00000.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
  db.closeSync();
}

async function child(dir: string): Promise<void> {
  const run = new RunFolder(dir);
  const db = await openDuckDB();
  const t0 = performance.now();
  const baseline = join(dir, "baseline.parquet");
  await db.run(`COPY (SELECT * FROM read_parquet(${sqlString(join(dir, "imported_difficulty", "*.parquet"))})) TO ${sqlString(baseline)} (FORMAT parquet, COMPRESSION zstd)`);
  const t1 = performance.now();
  const graded = await gradeRun({ connection: db, run });
  const t2 = performance.now();
  await loadRunDifficulty(db, run.tableDir("difficulty"));
  const staged = await stageDifficulty({ connection: db, difficulty: STAGE_INPUT, policy: compilePolicy("am-2504.00829"), out: run, problems: `read_parquet(${sqlString(join(dir, "problems", "*.parquet"))})` });
  const t3 = performance.now();
  db.closeSync();
  const shardFiles = Object.values(staged.shards?.files ?? {}).flat().length;
  process.stdout.write(
    JSON.stringify({
      baseline_copy_s: (t1 - t0) / 1000,
      grade_s: (t2 - t1) / 1000,
      stage_and_shard_s: (t3 - t2) / 1000,
      total_s: (t3 - t1) / 1000,
      peak_rss_mib: process.resourceUsage().maxRSS / 1024,
      difficulty_rows: graded.rows,
      levels: staged.levels,
      shard_files: shardFiles,
    }),
  );
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "rungs-bench-grade-"));
  try {
    const g0 = performance.now();
    await generate(dir);
    process.stdout.write(`generated ${PROBLEMS.toLocaleString("en-US")} problems × 4 models (imported pass rates, 16 samples) in ${((performance.now() - g0) / 1000).toFixed(1)} s\n`);
    const self = fileURLToPath(import.meta.url);
    const out = execFileSync(process.execPath, ["--import", "tsx", self, "--child", dir], { encoding: "utf8", maxBuffer: 1 << 20 });
    const r = JSON.parse(out) as Record<string, number> & { levels: Record<string, number> };
    process.stdout.write(
      `grade ${r.grade_s.toFixed(2)} s + stage & shards ${r.stage_and_shard_s.toFixed(2)} s = ${r.total_s.toFixed(2)} s (goal < 30 s); ` +
        `${(r.total_s / r.baseline_copy_s).toFixed(1)}× a plain copy of the difficulty rows (${r.baseline_copy_s.toFixed(2)} s)\n` +
        `peak RSS ${r.peak_rss_mib.toFixed(0)} MiB; ${r.difficulty_rows.toLocaleString("en-US")} difficulty rows; levels ${JSON.stringify(r.levels)}; ${r.shard_files} shard files\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]);
