import { describe, expect, it } from "vitest";
import { rm } from "node:fs/promises";
import { problemsTable, rolloutsTable, type Rollout } from "../../schemas/index.js";
import type { TableContract } from "../../schemas/table.js";
import { queryRows, sharedDuckDB, sqlString } from "../../src/core/duckdb.js";
import { listParquetFiles, RunFolder } from "../../src/core/run-folder.js";
import { readTable, replaceTable, writeParquetPart } from "../../src/core/table-store.js";
import { upgradeTimestampColumns } from "../../src/core/upgrade-timestamps.js";
import { openRunViews } from "../../src/core/views.js";
import { startSimServer } from "../../src/engines/sim/sim-server.js";
import { runStep } from "../../src/pipeline/run-step.js";
import { sampleStep } from "../../src/steps/sample/sample-step.js";
import { rowViolation } from "../../src/core/validate-row.js";
import { sampleProblems } from "../engines/reward/parity-run.js";
import { makeTempDir } from "../temp-dirs.js";

/** rollouts as rungs wrote it before created_at was typed: ISO-8601 text. */
const textRollouts: TableContract = { ...rolloutsTable, columns: { ...rolloutsTable.columns, created_at: { kind: "varchar", description: "ISO-8601 text" } } };

const createdAtTypes = async (files: string[]) =>
  (await queryRows<{ type: string }>(await sharedDuckDB(), `SELECT type FROM parquet_schema([${files.map(sqlString).join(", ")}]) WHERE name = 'created_at'`)).map((r) => r.type);

/** Rewrites a run's rollouts as the older rungs wrote them (one part per model, created_at as text). */
async function asOlderRungs(run: RunFolder): Promise<Rollout[]> {
  const dir = run.tableDir(rolloutsTable.name);
  const rows = await readTable(dir, rolloutsTable, "ORDER BY model, problem_id, sample_index");
  await rm(dir, { recursive: true });
  for (const model of new Set(rows.map((r) => r.model))) {
    await writeParquetPart(dir, textRollouts, rows.filter((r) => r.model === model), { partition: model });
  }
  expect(new Set(await createdAtTypes(await listParquetFiles(dir)))).toEqual(new Set(["BYTE_ARRAY"]));
  return rows;
}

describe("timestamp columns (rollouts.created_at)", () => {
  it("a run an older rungs wrote (created_at as text) reads typed, and resumes: the next step converts its parts and appends typed ones", async () => {
    const problems = sampleProblems({ math: 2, code: 0 });
    const run = await new RunFolder(await makeTempDir("rungs-timestamps-")).ensure();
    await replaceTable(run, problemsTable, problems);
    const server = await startSimServer({ problems, models: [{ name: "weak", skill: 3.5, meanTokens: 200 }, { name: "strong", skill: 8, meanTokens: 200 }], latency: 0 });
    const pipeline = (samples: number) => ({ name: "t", sources: [], models: [{ id: "weak", endpoints: [server.url] }, { id: "strong", endpoints: [server.url] }], sampling: { samples, params: { max_tokens: 2048 } } });
    try {
      await runStep(sampleStep, { run, pipeline: pipeline(1), progress: () => {} });
      const old = await asOlderRungs(run);
      expect(old).toHaveLength(4);

      // Read as it is: the views cast the text, rungs' reads get the same ISO-8601 values back.
      const views = await openRunViews(run);
      try {
        expect(await queryRows(views.connection, "SELECT DISTINCT typeof(created_at) AS t FROM rollouts")).toEqual([{ t: "TIMESTAMP WITH TIME ZONE" }]);
      } finally {
        views.close();
      }

      // Resume with one more sample each: the step converts the old parts first, then appends typed ones.
      const result = await runStep(sampleStep, { run, pipeline: pipeline(2), progress: () => {} });
      expect(result.notes?.some((n) => n.startsWith("sample: converted ISO-8601 text to timestamps in 2 part files"))).toBe(true);
      const files = await listParquetFiles(run.tableDir(rolloutsTable.name));
      expect(files.length).toBeGreaterThan(2);
      expect(new Set(await createdAtTypes(files))).toEqual(new Set(["INT64"]));
      const rows = await readTable(run.tableDir(rolloutsTable.name), rolloutsTable, "ORDER BY model, problem_id, sample_index");
      expect(rows).toHaveLength(8);
      // The rows sampled before keep their values, created_at to the millisecond included.
      expect(rows.filter((r) => r.sample_index === 0)).toEqual(old);
      for (const row of rows) expect(rowViolation(rolloutsTable.columns, row)).toBeUndefined();
    } finally {
      await server.close();
    }
  }, 30_000);

  it("converts nothing in a run already typed, and names the file when a part's text is not a time", async () => {
    const run = await new RunFolder(await makeTempDir("rungs-timestamps-")).ensure();
    const row: Rollout = {
      problem_id: "p", model: "m", sample_index: 0, completion: "x", completion_sha256: "0".repeat(64), completion_chars: 1, finish_reason: "stop", truncation: null, prompt_tokens: null, completion_tokens: null,
      completion_tokens_source: null, latency_ms: null, score: 0, correct: false, verdict: "wrong_answer", extracted: null, verifier: "v@1", endpoint: null, seed: null, request_start: null, created_at: "2026-01-01T00:00:00.000Z",
    };
    await writeParquetPart(run.tableDir(rolloutsTable.name), rolloutsTable, [row], { partition: "m" });
    expect(await upgradeTimestampColumns(run)).toEqual([]);
    const bad = await writeParquetPart(run.tableDir(rolloutsTable.name), textRollouts, [{ ...row, sample_index: 1, created_at: "yesterday" }], { partition: "m" });
    await expect(upgradeTimestampColumns(run)).rejects.toThrow(`${bad}: cannot convert created_at from text to timestamps`);
  });

  it("a row's created_at must be a time with its offset", () => {
    const row = (created_at: string) => rowViolation({ created_at: rolloutsTable.columns.created_at }, { created_at });
    expect(row("2026-01-01T00:00:00.000Z")).toBeUndefined();
    expect(row("2026-01-01 00:00:00.123+00")).toBeUndefined();
    expect(row("2026-01-01T00:00:00")).toContain("created_at must be an ISO-8601 time with its UTC offset");
    expect(row("2026-13-01T00:00:00Z")).toContain("created_at must be an ISO-8601 time");
  });
});
