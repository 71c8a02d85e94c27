import { afterAll, describe, expect, it, vi } from "vitest";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { main } from "../../../src/cli.js";
import { openDuckDB } from "../../../src/core/duckdb.js";
import { gradeRun } from "../../../src/steps/grade/grade-difficulty.js";
import { PAPER_ROLES } from "../../../src/engines/policy/builtin-policies.js";
import { compilePolicy } from "../../../src/engines/policy/compile-policy.js";
import { loadRunDifficulty, STAGE_INPUT } from "../../../src/steps/stage/load-difficulty.js";
import { stageDifficulty } from "../../../src/steps/stage/stage-difficulty.js";
import fc from "fast-check";
import { computeStats, MAX_EXACT_BINS_SAMPLES, PASS_RATE_BUCKETS, passRateBins } from "../../../src/engines/stats/compute-stats.js";
import { formatStats } from "../../../src/steps/stats/format-stats.js";
import { passRateHistogramSvg } from "../../../src/engines/stats/stats-charts.js";
import { writeStats } from "../../../src/steps/stats/write-stats.js";
import { formatRows } from "../../../src/cli/sql-command.js";
import { makeRun, problem, rollout } from "../grade/helpers.js";

const [S, M, L, R1] = [PAPER_ROLES["1.5b"], PAPER_ROLES["7b"], PAPER_ROLES["32b"], PAPER_ROLES.r1];

/** 4 problems × 4 models × 2 samples, graded and staged, with a quarantine file. */
async function smallRun() {
  const passes: Record<string, [number, number, number, number]> = { a: [1, 0, 0, 2], b: [0, 2, 0, 2], c: [2, 2, 2, 2], d: [0, 0, 0, 0] }; // 1.5B, 7B, 32B, R1
  const rollouts = Object.entries(passes).flatMap(([id, p]) =>
    [S, M, L, R1].flatMap((model, k) => [0, 1].map((i) => rollout(id, model, i, i < p[k] ? 1 : 0, { finish_reason: model === S && i === 1 ? "length" : "stop", completion_tokens: model === R1 && id === "d" ? null : 10 * (k + 1) }))),
  );
  const run = await makeRun({ problems: [problem("a"), problem("b", "code"), problem("c"), problem("d", "code", { source: "other" })], rollouts });
  await mkdir(run.quarantineDir, { recursive: true });
  await writeFile(`${run.quarantineDir}/curate-duplicate.jsonl`, `${JSON.stringify({ step: "curate", reason: "duplicate", row: { x: 1 } })}\n`);
  await writeFile(`${run.quarantineDir}/ingest-test.jsonl`, `${JSON.stringify({ reason: "no_answer", row: { y: [1, 2] } })}\n${JSON.stringify({ reason: "no_answer", row: {} })}\n`);
  const connection = await openDuckDB();
  await gradeRun({ connection, run });
  await loadRunDifficulty(connection, run.tableDir("difficulty"));
  await stageDifficulty({ connection, difficulty: STAGE_INPUT, policy: compilePolicy("am-2504.00829"), out: run, shards: false });
  connection.closeSync();
  return run;
}

describe("stats", () => {
  it("computes the curator's figures on a small run", async () => {
    const stats = await computeStats(await smallRun());
    expect(stats.problems).toEqual({
      total: 4,
      bySource: [
        { source: "other", domain: "code", problems: 1 },
        { source: "test", domain: "code", problems: 1 },
        { source: "test", domain: "math", problems: 2 },
      ],
    });
    expect(stats.quarantine).toEqual([
      { file: "curate-duplicate", reason: "duplicate", rows: 1 },
      { file: "ingest-test", reason: "no_answer", rows: 2 },
    ]);
    const small = stats.passRates.find((p) => p.model === S)!;
    expect(small.problems).toBe(4);
    // 2 samples per pair: one bin per possible rate (0, 1/2, 1), not tenths
    expect(stats.samplesPerPair).toBe(2);
    expect(stats.passRateBins).toEqual(["0", "1/2", "1"]);
    expect(small.histogram).toEqual([2, 1, 1]); // b, d | a | c
    // a: L1 (1.5B=0.5), L3 (32B=0); b: L2 (1.5B=0, 7B=1) and maybe L3 (code 10%); d dropped (R1=0); c: maybe L3.
    const levels = Object.fromEntries(stats.levels.map((l) => [l.level, l]));
    expect(levels.L1).toEqual({ level: "L1", problems: 1, math: 1, code: 0 });
    expect(levels.L2).toEqual({ level: "L2", problems: 1, math: 0, code: 1 });
    expect(stats.overlaps.find((o) => o.a === "L1" && o.b === "L3")?.problems).toBe(1);
    const tokens = stats.rollouts.find((r) => r.model === S)!;
    expect(tokens).toMatchObject({ samples: 8, completion_tokens: 80, tokens_unknown: 0, truncation_rate: 0.5 });
    // R1's 2 samples of d have no count: not zeros in the mean, counted as unknown.
    expect(stats.rollouts.find((r) => r.model === R1)).toMatchObject({ samples: 8, completion_tokens: 240, tokens_unknown: 2, mean_completion_tokens: 40 });
  });

  it("writes the report, the JSON and SVG charts to stats/", async () => {
    const run = await smallRun();
    const { report, files } = await writeStats(run);
    expect(files.map((f) => f.slice(run.dir.length + 1)).sort()).toEqual(["stats/levels.svg", "stats/pass-rates.svg", "stats/report.txt", "stats/stats.json", "stats/tokens.svg"]);
    expect(report).toContain("## Levels");
    expect(report).toMatch(/L1\s+1\s+1\s+0\s+100\.0%/);
    const svg = await readFile(run.path("stats", "levels.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Problems per level");
    expect(JSON.parse(await readFile(run.path("stats", "stats.json"), "utf8")).problems.total).toBe(4);
  });

  it("chart builders return SVG with one bar per (bucket, model) that has problems", async () => {
    const svg = await passRateHistogramSvg({ passRates: [{ model: "org/a", problems: 3, mean_pass_rate: 0.5, histogram: [1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0] }] });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("Pass rate per (problem, model)");
  });

  it("bins pass rates by the samples: k/n lands in bin k, and only exact 0 or 1 in the end bins", async () => {
    const db = await openDuckDB();
    const binOf = async (bins: ReturnType<typeof passRateBins>, rate: number) => Number((await db.runAndReadAll(`SELECT ${bins.sql(`${rate}::DOUBLE`)} AS b`)).getRowObjects()[0].b);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: MAX_EXACT_BINS_SAMPLES }), fc.integer({ min: 1, max: MAX_EXACT_BINS_SAMPLES }), fc.nat(), async (n, drawn, k0) => {
        const bins = passRateBins(n);
        expect(bins.labels).toHaveLength(n + 1);
        const k = k0 % (n + 1);
        expect(await binOf(bins, k / n)).toBe(k);
        // A rate from fewer samples (adaptive) sits at the nearest inner k/n, never at 0 or 1 unless it is exact.
        fc.pre(n >= 2);
        const j = k0 % (drawn + 1);
        const bin = await binOf(bins, j / drawn);
        if (j === 0) expect(bin).toBe(0);
        else if (j === drawn) expect(bin).toBe(n);
        else expect(bin).toBe(Math.min(n - 1, Math.max(1, Math.round((j / drawn) * n))));
      }),
      { numRuns: 60 },
    );
    expect(passRateBins(64).labels).toEqual([...PASS_RATE_BUCKETS]);
    expect(passRateBins(undefined).labels).toEqual([...PASS_RATE_BUCKETS]);
    db.closeSync();
  });

  it("reports empty sections on a run with nothing yet", async () => {
    const run = await makeRun({});
    expect(formatStats(await computeStats(run))).toContain("(no problems table)");
  });

  it("formats sql rows as a table, JSON and CSV", () => {
    const rows = [{ level: "L1", n: 2, note: 'a "b", c' }];
    expect(formatRows(rows, "csv")).toBe('level,n,note\nL1,2,"a ""b"", c"');
    expect(JSON.parse(formatRows(rows, "json"))).toEqual(rows);
    expect(formatRows(rows, "table")).toContain("(1 row)");
  });
});

describe("rungs stats <pipeline>", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  /** Runs the CLI, returning its exit code and what it printed. */
  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
    try {
      return { code: await main(["stats", ...argv]), stdout: out.join(""), stderr: err.join("") };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  // Regression: when the step was up to date the command read `result.details`, which a skipped step lacks, and crashed.
  it("prints the same report when the step is up to date, without rewriting stats/", async () => {
    const run = await smallRun();
    dirs.push(run.dir);
    const pipelineFile = join(run.dir, "stats-pipeline.mjs");
    await writeFile(pipelineFile, `export default ${JSON.stringify({ name: "stats-test", sources: [], runDir: run.dir })};\n`);
    const first = await cli(pipelineFile);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/L1\s+1\s+1\s+0\s+100\.0%/);
    const written = (await stat(run.path("stats", "report.txt"))).mtimeMs;
    const second = await cli(pipelineFile);
    expect(second).toEqual({ code: 0, stdout: first.stdout, stderr: first.stderr });
    expect(second.stderr).toBe(`stats: wrote 5 files to ${run.path("stats")}\n`);
    expect((await stat(run.path("stats", "report.txt"))).mtimeMs).toBe(written);
    const json = await cli(pipelineFile, "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).problems.total).toBe(4);
  });
});
