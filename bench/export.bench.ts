/**
 * Export throughput: the training order alone, and a full export (verl, OpenRLHF, TRL, Arrow) of one
 * mixed stage, against a baseline measured in the same run: DuckDB copying staged ⋈ problems to one
 * Parquet file (the least any export must do).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { problemsTable, stagedTable, type Problem } from "../schemas/index.js";
import { RunFolder } from "../src/core/run-folder.js";
import { replaceTable, tableSource } from "../src/core/table-store.js";
import { sharedDuckDB, sqlString } from "../src/core/duckdb.js";
import { trainingOrder } from "../src/steps/export/training-order.js";
import { writeExport } from "../src/steps/export/write-export.js";

const MATH = 34_000;
const CODE = 16_000;

function problem(i: number): Problem {
  const math = i < MATH;
  const id = `p${String(i).padStart(7, "0")}`;
  return math
    ? { id, source: "bench", source_id: String(i), domain: "math", prompt: `Compute the sum of the first ${i} odd numbers. `.repeat(4), answer: String(i * i), tests: null, solution: null, meta: "{}" }
    : { id, source: "bench", source_id: String(i), domain: "code", prompt: `Read n and print n*${i}. `.repeat(4), answer: null, tests: JSON.stringify({ format: "stdin", inputs: ["3\n", "5\n"], outputs: [`${3 * i}\n`, `${5 * i}\n`] }), solution: null, meta: "{}" };
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "rungs-bench-export-"));
  try {
    const run = new RunFolder(dir);
    const problems = Array.from({ length: MATH + CODE }, (_, i) => problem(i));
    await replaceTable(run, problemsTable, problems);
    await replaceTable(run, stagedTable, problems.map((p) => ({ problem_id: p.id, level: "L2", domain: p.domain, rule: "bench", policy: "bench" })));
    const n = problems.length;

    const db = await sharedDuckDB();
    const [, baseline] = await time(async () =>
      db.run(`COPY (SELECT s.problem_id, s.domain, p.prompt, p.answer, p.tests FROM ${await tableSource(run.tableDir("staged"))} s JOIN ${await tableSource(run.tableDir("problems"))} p ON p.id = s.problem_id)
              TO ${sqlString(join(dir, "baseline.parquet"))} (FORMAT parquet, COMPRESSION zstd)`),
    );
    const items = problems.map((p) => ({ id: p.id, domain: p.domain }));
    const [, order] = await time(() => trainingOrder(items, { stage: "s", seed: 0, batchSize: 128, mix: { math: 2.1, code: 1, onShortfall: "shorten" } }));
    const curriculum = { batchSize: 128, mix: { math: 2.1, code: 1, onShortfall: "shorten" as const }, stages: [{ name: "stage1", levels: ["L2"], maxResponseLength: 16384, stop: { description: "bench", maxSteps: 10 } }] };
    const [, verlOnly] = await time(() => writeExport({ run, curriculum: { ...curriculum, formats: ["verl"] } }));
    const [, full] = await time(() => writeExport({ run, curriculum }));
    const line = (name: string, seconds: number) =>
      `${name.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s  ${Math.round(n / seconds).toLocaleString("en").padStart(10)} rows/s  ${(seconds / baseline).toFixed(2).padStart(6)}× baseline\n`;
    process.stdout.write(`${n.toLocaleString("en")} staged problems (${MATH} math, ${CODE} code), one stage, batch 128 at 2.1:1\n`);
    process.stdout.write(line("baseline: DuckDB COPY staged⋈problems", baseline));
    process.stdout.write(line("training order (seeded, ratio per batch)", order));
    process.stdout.write(line("export, verl only (+ val sample, overrides)", verlOnly));
    process.stdout.write(line("export, all four formats", full));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
