import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { rolloutsTable, problemsTable, type Rollout, type Problem } from "../../schemas/index.js";
import { RunFolder, listParquetFiles, parsePartitionDirName } from "../../src/core/run-folder.js";
import { iterateTable, readTable, replaceTable, writeParquetPart } from "../../src/core/table-store.js";
import { ContractError } from "../../src/core/errors.js";
import { openRunDatabase, refreshViews } from "../../src/core/views.js";
import { openDuckDB, queryRows } from "../../src/core/duckdb.js";
import { recordStep, readManifest } from "../../src/core/manifest.js";
import { makeTempDir } from "../temp-dirs.js";

const tempRun = async () => new RunFolder(await makeTempDir("rungs-run-"));

function rollout(i: number, model = "deepseek-ai/DeepSeek-R1"): Rollout {
  return {
    problem_id: `p${i}`, model, sample_index: i, completion: `answer ${i}`, completion_sha256: "0".repeat(64), completion_chars: 8,
    finish_reason: "stop", prompt_tokens: 10, completion_tokens: 5, completion_tokens_source: "usage", truncation: null, latency_ms: 1.5, score: 1, correct: true, verdict: "correct",
    extracted: "1", verifier: "test@0", endpoint: null, seed: 9007199254740991, request_start: 0, created_at: "2026-01-01T00:00:00.000Z",
  };
}

function problem(i: number): Problem {
  return { id: `id${i}`, source: "s", source_id: String(i), domain: "math", prompt: `p ${i} ‘unicode’ ∑`, answer: String(i), tests: null, solution: null, meta: "{}" };
}

describe("table store", () => {
  it("writes hive-partitioned parts that read back as the union, exactly", async () => {
    const run = await tempRun();
    const dir = run.tableDir("rollouts");
    await writeParquetPart(dir, rolloutsTable, [rollout(0), rollout(1)], { partition: "deepseek-ai/DeepSeek-R1" });
    await writeParquetPart(dir, rolloutsTable, [rollout(2, "m/small")], { partition: "m/small" });
    const partitions = (await readdir(dir)).map(parsePartitionDirName).map((p) => p?.value).sort();
    expect(partitions).toEqual(["deepseek-ai/DeepSeek-R1", "m/small"]);
    const rows = await readTable(dir, rolloutsTable, "ORDER BY sample_index");
    expect(rows).toEqual([rollout(0), rollout(1), rollout(2, "m/small")]);
  });

  it("rejects a row that breaks the contract and leaves no part behind", async () => {
    const run = await tempRun();
    const bad = { ...rollout(0), score: "high" } as unknown as Rollout;
    await expect(writeParquetPart(run.tableDir("rollouts"), rolloutsTable, [bad])).rejects.toThrow(ContractError);
    await expect(writeParquetPart(run.tableDir("rollouts"), rolloutsTable, [bad])).rejects.toThrow('rollouts: score must be a finite number, got "high"');
    expect(await listParquetFiles(run.tableDir("rollouts"))).toEqual([]);
  });

  it("replaceTable swaps the whole table and splits it into parts", async () => {
    const run = await tempRun();
    await replaceTable(run, problemsTable, [problem(1)]);
    const result = await replaceTable(run, problemsTable, [problem(2), problem(3), problem(4)], { rowsPerPart: 2 });
    expect(result.rows).toBe(3);
    expect(result.parts).toHaveLength(2);
    expect((await readTable(run.tableDir("problems"), problemsTable, "ORDER BY id")).map((p) => p.id)).toEqual(["id2", "id3", "id4"]);
  });

  it("rungs.duckdb holds a view per table with parts", async () => {
    const run = await tempRun();
    await replaceTable(run, problemsTable, [problem(1), problem(2)]);
    const { views } = await refreshViews(run);
    expect(views).toEqual(["problems"]);
    const db = await openRunDatabase(run); // views read paths relative to the run folder
    expect(await queryRows(db, "SELECT count(*)::INTEGER AS n FROM problems")).toEqual([{ n: 2 }]);
    db.closeSync();
  });

  it("manifest records each step and keeps earlier ones", async () => {
    const run = await tempRun();
    const record = { config_hash: "abc", status: "done" as const, versions: {}, counts: { rows: 3 }, started_at: "a", finished_at: "b", seconds: 1 };
    await recordStep(run, "ingest", record);
    await recordStep(run, "curate", { ...record, counts: { kept: 2 } });
    const manifest = await readManifest(run);
    expect(Object.keys(manifest.steps)).toEqual(["ingest", "curate"]);
    expect(manifest.steps.curate.counts).toEqual({ kept: 2 });
  });
});

describe("iterateTable", () => {
  it("streams every row even while parts are written on the shared connection", async () => {
    const run = await tempRun();
    const rows = Array.from({ length: 6000 }, (_, i) => problem(i));
    await replaceTable(run, problemsTable, rows, { rowsPerPart: 2500 });
    let seen = 0;
    for await (const chunk of iterateTable(run.tableDir("problems"), problemsTable)) {
      seen += chunk.length;
      await writeParquetPart(run.path("other"), problemsTable, [problem(seen)]);
    }
    expect(seen).toBe(6000);
  });
});
