/**
 * `rungs report` on a generated 1M-problem run (1M problems from 3 sources, the paper's 4 models × 4
 * samples = 16M rollouts with short completions, graded and staged, 20k quarantined rows).
 * Baseline in the same run: `computeStats` alone (the figures `rungs stats` prints). Goal: seconds, and
 * a page whose size does not grow with the run.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDB, sqlString } from "../src/core/duckdb.js";
import { recordStep } from "../src/core/manifest.js";
import { RunFolder, partitionDirName } from "../src/core/run-folder.js";
import { gradeRun } from "../src/steps/grade/grade-difficulty.js";
import type { PipelineDefinition } from "../src/engines/config/pipeline-definition.js";
import { buildReport } from "../src/steps/report/build-report.js";
import { PAPER_ROLES } from "../src/engines/policy/builtin-policies.js";
import { compilePolicy } from "../src/engines/policy/compile-policy.js";
import { loadRunDifficulty, STAGE_INPUT } from "../src/steps/stage/load-difficulty.js";
import { stageDifficulty } from "../src/steps/stage/stage-difficulty.js";
import { computeStats } from "../src/engines/stats/compute-stats.js";

const PROBLEMS = Number(process.env.BENCH_REPORT_PROBLEMS ?? 1_000_000);
const SAMPLES = 4;
const MODELS = Object.values(PAPER_ROLES);

const PIPELINE: PipelineDefinition = {
  name: "bench-1m",
  sources: ["src-a", "src-b", "src-c"].map((name) => ({ name, path: `${name}.jsonl` })),
  models: MODELS.map((id) => ({ id, endpoints: ["http://127.0.0.1:9/v1"] })),
  sampling: { samples: SAMPLES, requestSize: 4 },
  policy: "am-2504.00829",
  curriculum: { stages: [{ name: "stage1", levels: ["L2"], maxResponseLength: 16384, stop: { maxSteps: 10 } }, { name: "stage2", levels: ["L3"], maxResponseLength: 24576, stop: { maxSteps: 10 } }] } as PipelineDefinition["curriculum"],
};

export async function generate(run: RunFolder): Promise<void> {
  const db = await openDuckDB();
  await mkdir(run.tableDir("problems"), { recursive: true });
  await db.run(`COPY (SELECT printf('%016x', hash(range)) AS id, 'src-' || chr(97 + (range % 3)::INTEGER) AS source, CAST(range AS VARCHAR) AS source_id,
      CASE WHEN range % 4 = 0 THEN 'code' ELSE 'math' END AS domain, 'Problem ' || range || ': compute ' || range || ' + ' || range || '.' AS prompt,
      CAST(2 * range AS VARCHAR) AS answer, NULL::VARCHAR AS tests, NULL::VARCHAR AS solution, '{}' AS meta
    FROM range(${PROBLEMS})) TO ${sqlString(run.path("problems", "part-00000.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
  for (const [k, model] of MODELS.entries()) {
    const dir = join(run.tableDir("rollouts"), partitionDirName("model", model));
    await mkdir(dir, { recursive: true });
    await db.run(`COPY (SELECT *, sha256(completion) AS completion_sha256, length(completion)::INTEGER AS completion_chars FROM (
        SELECT printf('%016x', hash(p)) AS problem_id, ${sqlString(model)} AS model, s::INTEGER AS sample_index,
          CASE WHEN (hash(p) % 100) / 100.0 < ${[0.3, 0.5, 0.7, 0.9][k]} * ((hash(p, s, ${k}) % 100) / 100.0 + 0.5) THEN 1.0 ELSE 0.0 END AS score,
          '<think>Add ' || p || ' to itself, step by step.</think>\n\nThe answer is \\boxed{' || CASE WHEN score = 1 THEN 2 * p ELSE p END || '}.' AS completion,
          CASE WHEN hash(p, s, ${k}) % 20 = 0 THEN 'length' ELSE 'stop' END AS finish_reason, 120 AS prompt_tokens, (500 + hash(p, s) % 3000)::INTEGER AS completion_tokens,
          1000.0 AS latency_ms, score = 1 AS correct, CASE WHEN score = 1 THEN 'correct' ELSE 'wrong_answer' END AS verdict, CAST(CASE WHEN score = 1 THEN 2 * p ELSE p END AS VARCHAR) AS extracted,
          'rungs-math@1.0.0' AS verifier, NULL::VARCHAR AS endpoint, s::BIGINT AS seed, (s - s % 4)::INTEGER AS request_start, '2026-01-01T00:00:00Z' AS created_at
        FROM range(${PROBLEMS}) t(p), range(${SAMPLES}) u(s)))
      TO ${sqlString(join(dir, "part-00000.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
  }
  await gradeRun({ connection: db, run });
  await loadRunDifficulty(db, run.tableDir("difficulty"));
  await stageDifficulty({ connection: db, difficulty: STAGE_INPUT, policy: compilePolicy("am-2504.00829"), out: run, shards: false });
  db.closeSync();
  await mkdir(run.quarantineDir, { recursive: true });
  const rows = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ step: "curate", reason: i % 4 ? "duplicate" : "contaminated", source: `src-${"abc"[i % 3]}`, source_id: `q${i}`, detail: `near problem ${i}` }));
  await writeFile(run.path("quarantine", "curate.jsonl"), `${rows.join("\n")}\n`);
  const at = new Date().toISOString();
  await recordStep(run, "curate", { config_hash: "bench", status: "done", versions: {}, counts: { kept: PROBLEMS, duplicate: 15_000, contaminated: 5_000 }, started_at: at, finished_at: at, seconds: 0 });
}

export async function run(): Promise<void> {
  const run = new RunFolder(await mkdtemp(join(tmpdir(), "rungs-bench-report-")));
  try {
    const g0 = performance.now();
    await generate(run);
    process.stdout.write(`generated, graded and staged ${PROBLEMS.toLocaleString("en-US")} problems, ${(PROBLEMS * MODELS.length * SAMPLES).toLocaleString("en-US")} rollouts in ${((performance.now() - g0) / 1000).toFixed(1)} s\n`);
    const s0 = performance.now();
    await computeStats(run);
    const baseline = (performance.now() - s0) / 1000;
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      bytes = (await buildReport(run, { pipeline: PIPELINE })).bytes;
      times.push((performance.now() - t0) / 1000);
    }
    const best = Math.min(...times);
    process.stdout.write(
      `report: best ${best.toFixed(2)} s of ${times.map((t) => t.toFixed(2)).join(", ")}; ${(best / baseline).toFixed(2)}× computeStats alone (${baseline.toFixed(2)} s); ` +
        `index.html ${(bytes / 1024).toFixed(0)} KiB\n`,
    );
  } finally {
    await rm(run.dir, { recursive: true, force: true });
  }
}
