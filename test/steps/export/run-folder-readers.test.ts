import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { rolloutsTable } from "../../../schemas/index.js";
import { openRunViews } from "../../../src/core/views.js";
import { queryRows } from "../../../src/core/duckdb.js";
import { sampledRun, sampleProblems } from "../../engines/reward/parity-run.js";
import { runPython } from "../../engines/reward/python-package.js";
import { join } from "node:path";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import { problemRows, tempDir, writeJsonl, type DiffRow } from "../stage/helpers.js";

describe("run-folder tables read as they are", () => {
  it("rollouts/ (hive-partitioned by model) reads with pyarrow's read_table and pandas' read_parquet, and with rungs' own views", async () => {
    const { run, rollouts } = await sampledRun(sampleProblems({ math: 3, code: 0 }), 1);
    const dir = run.tableDir(rolloutsTable.name);
    expect((await readdir(dir)).sort()).toEqual(["model=strong", "model=weak"]);
    const result = await runPython([join(import.meta.dirname, "trainers", "read_folders.py"), dir]);
    expect(result.stderr).toBe("");
    const read = JSON.parse(result.stdout)[dir] as { rows: number; columns: string[]; pandas_rows: number; partition_values: string[] };
    // The partition column comes from the folder names (it is not also in the files, which made the two clash).
    expect(read).toMatchObject({ rows: rollouts.length, pandas_rows: rollouts.length, partition_values: ["strong", "weak"] });
    expect(new Set(read.columns)).toEqual(new Set(Object.keys(rolloutsTable.columns)));
    const views = await openRunViews(run);
    try {
      const models = await queryRows<{ model: string; n: bigint | number }>(views.connection, "SELECT model, count(*) AS n FROM rollouts GROUP BY model ORDER BY model");
      expect(models.map((m) => [m.model, Number(m.n)])).toEqual([["strong", 3], ["weak", 3]]);
    } finally {
      views.close();
    }
  }, 30_000);

  it("staged/ (hive-partitioned by level) reads with pyarrow and pandas as it is", async () => {
    const dir = await tempDir();
    const rows: DiffRow[] = [];
    for (let i = 0; i < 20; i++) rows.push(...problemRows(`p${i}`, i % 4 ? "math" : "code", 4, i % 2 ? { r1: 4, s: 1, m: 0, l: 0 } : { r1: 2, s: 0, m: 1, l: 2 }));
    await stageDifficultyFile({ difficulty: await writeJsonl(dir, "d.jsonl", rows), policy: "am-2504.00829", out: join(dir, "out"), shards: false });
    const staged = join(dir, "out", "staged");
    const levels = (await readdir(staged)).sort();
    expect(levels.length).toBeGreaterThan(1);
    const result = await runPython([join(import.meta.dirname, "trainers", "read_folders.py"), staged]);
    expect(result.stderr).toBe("");
    const read = JSON.parse(result.stdout)[staged] as { rows: number; pandas_rows: number; columns: string[] };
    expect(read.rows).toBeGreaterThan(0);
    expect(read.pandas_rows).toBe(read.rows);
    expect(read.columns).toContain("level");
  }, 30_000);
});
