import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, describe, expect, it } from "vitest";
import { problemsTable, rolloutsTable } from "../../schemas/index.js";
import { queryRows } from "../../src/core/duckdb.js";
import { RunFolder } from "../../src/core/run-folder.js";
import { replaceTable, writeParquetPart } from "../../src/core/table-store.js";
import { openRunDatabase, openRunViews, refreshViews } from "../../src/core/views.js";

const made: string[] = [];
const cwd = process.cwd();
afterEach(async () => {
  process.chdir(cwd);
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "rungs-views-"));
  made.push(dir);
  return dir;
};

async function makeRun(dir: string): Promise<RunFolder> {
  const run = new RunFolder(dir);
  await replaceTable(run, problemsTable, [1, 2].map((i) => ({ id: `id${i}`, source: "s", source_id: String(i), domain: "math" as const, prompt: `p${i}`, answer: "1", tests: null, solution: null, meta: "{}" })));
  await writeParquetPart(run.tableDir("rollouts"), rolloutsTable, [
    { problem_id: "id1", model: "m/a", sample_index: 0, completion: "x", completion_sha256: "0".repeat(64), completion_chars: 1, finish_reason: "stop", prompt_tokens: 1, completion_tokens: 1, completion_tokens_source: "usage", truncation: null, latency_ms: 1, score: 1, correct: true, verdict: "correct", extracted: "1", verifier: "v", endpoint: null, seed: 1, request_start: 0, created_at: "2026-01-01T00:00:00Z" },
  ], { partition: "m/a" });
  await mkdir(run.quarantineDir, { recursive: true });
  await writeFile(join(run.quarantineDir, "ingest-s.jsonl"), `${JSON.stringify({ step: "ingest", reason: "no_answer", detail: "d", source: "s", location: "s:1" })}\n`);
  return run;
}

/** Every view with its columns, as DuckDB describes them. */
async function describeViews(query: (sql: string) => Promise<Record<string, unknown>[]>, names: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of names) out[name] = (await query(`DESCRIBE SELECT * FROM "${name}"`)).map((r) => `${r.column_name} ${r.column_type}`);
  return out;
}

describe("run views", () => {
  it("rungs.duckdb and the in-memory views of `rungs sql` show the same views with the same columns", async () => {
    const run = await makeRun(await tempDir());
    const { views } = await refreshViews(run);
    expect(views).toEqual(["problems", "rollouts", "quarantine"]);
    const memory = await openRunViews(run);
    const file = await openRunDatabase(run);
    try {
      expect(Object.keys(memory.views).sort()).toEqual([...views].sort());
      const fromMemory = await describeViews((sql) => queryRows(memory.connection, sql), views);
      const fromFile = await describeViews((sql) => queryRows(file, sql), views);
      expect(fromFile).toEqual(fromMemory);
      expect(fromFile.quarantine).toContain("file VARCHAR");
    } finally {
      memory.close();
      file.closeSync();
    }
  });

  it("keeps working after the run folder is copied elsewhere and the original removed (relative paths)", async () => {
    const original = await makeRun(join(await tempDir(), "run"));
    await refreshViews(original);
    const copy = join(await tempDir(), "moved");
    await cp(original.dir, copy, { recursive: true });
    await rm(original.dir, { recursive: true, force: true });

    // As `cd <run> && duckdb rungs.duckdb` does: plain DuckDB, working directory = the run folder.
    process.chdir(copy);
    const plain = await (await DuckDBInstance.create(join(copy, "rungs.duckdb"))).connect();
    expect(await queryRows(plain, `SELECT count(*)::INTEGER AS n FROM problems`)).toEqual([{ n: 2 }]);
    plain.closeSync();

    // From any other folder, with file_search_path (what openRunDatabase sets).
    process.chdir(tmpdir());
    const elsewhere = await openRunDatabase(new RunFolder(copy));
    expect(await queryRows(elsewhere, `SELECT (SELECT count(*) FROM rollouts)::INTEGER AS r, (SELECT count(*) FROM quarantine)::INTEGER AS q`)).toEqual([{ r: 1, q: 1 }]);
    elsewhere.closeSync();
  });

  it("drops the views of folders that no longer hold parts", async () => {
    const run = await makeRun(await tempDir());
    await refreshViews(run);
    await rm(run.tableDir("rollouts"), { recursive: true });
    expect((await refreshViews(run)).views).toEqual(["problems", "quarantine"]);
  });
});
