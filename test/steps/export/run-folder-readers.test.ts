import { describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import { rolloutsTable } from "../../../schemas/index.js";
import { openRunViews } from "../../../src/core/views.js";
import { queryRows } from "../../../src/core/duckdb.js";
import { sampledRun, sampleProblems } from "../../engines/reward/parity-run.js";
import { runPython } from "../../engines/reward/python-package.js";
import { join } from "node:path";

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
});
