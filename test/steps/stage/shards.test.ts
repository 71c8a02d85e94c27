import { describe, expect, it } from "vitest";
import { readFile, readdir } from "node:fs/promises";
import { tableFromIPC } from "apache-arrow";
import { queryRows, sharedDuckDB, sqlString } from "../../../src/core/duckdb.js";
import { stageDifficultyFile } from "../../../src/steps/stage/stage-file.js";
import { shardName, writeShards } from "../../../src/steps/stage/write-shards.js";
import { problemRows, tempDir, writeJsonl, type DiffRow } from "./helpers.js";

/** 250 problems in L1 (1.5B sometimes solves them), all others failing. */
function table(): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let i = 0; i < 250; i++) rows.push(...problemRows(`p${String(i).padStart(3, "0")}`, i % 5 ? "math" : "code", 4, { r1: 4, s: 1, m: 0, l: 0 }));
  return rows;
}

describe("shards", () => {
  it("names shards like the Hub", () => {
    expect(shardName(3, 8)).toBe("train-00003-of-00008.parquet");
  });

  it("splits each level into shards of at most maxRowsPerShard rows, ordered by problem id", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", table());
    const result = await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/out`, shards: { maxRowsPerShard: 100, maxRowsPerRowGroup: 30 } });
    expect(await readdir(`${dir}/out/shards/L1`)).toEqual(["train-00000-of-00003.parquet", "train-00001-of-00003.parquet", "train-00002-of-00003.parquet"]);
    expect(result.shards?.rows).toEqual({ L1: 250, L3: 250 });
    const db = await sharedDuckDB();
    const ids = await queryRows<{ problem_id: string }>(db, `SELECT problem_id FROM read_parquet(${sqlString(`${dir}/out/shards/L1/*.parquet`)}) `);
    expect(ids.map((r) => r.problem_id)).toEqual(table().filter((_, i) => i % 4 === 0).map((r) => r.problem_id));
    const [row] = await queryRows<{ level: string; rule: string; pass_rates: { model: string; pass_rate: number }[] }>(
      db,
      `SELECT level, rule, pass_rates FROM read_parquet(${sqlString(`${dir}/out/shards/L1/train-00000-of-00003.parquet`)}) LIMIT 1`,
    );
    expect(row.level).toBe("L1");
    expect(row.pass_rates.map((d) => [d.model.split("/")[1], d.pass_rate])).toEqual([
      ["DeepSeek-R1", 1],
      ["DeepSeek-R1-Distill-Qwen-1.5B", 0.25],
      ["DeepSeek-R1-Distill-Qwen-32B", 0],
      ["DeepSeek-R1-Distill-Qwen-7B", 0],
    ]);
  });

  it("keeps row groups within the cap (multiples of 2048 rows) and sizes shards by bytes too", async () => {
    const db = await sharedDuckDB();
    await db.run(`CREATE OR REPLACE TEMP TABLE gen AS SELECT 'L1' AS level, printf('p%06d', range) AS problem_id, repeat('x', 100) AS prompt, 164 AS _bytes, range AS _rn FROM range(30000)`);
    const dir = await tempDir();
    const byRows = await writeShards(db, "gen", "problem_id, prompt", `${dir}/rows`, { maxRowsPerShard: 12_000 });
    expect(byRows.files.L1.length).toBe(3);
    const [g] = await queryRows<{ n: number }>(db, `SELECT max(row_group_num_rows) AS n FROM parquet_metadata(${sqlString(`${dir}/rows/L1/*.parquet`)})`);
    expect(g.n).toBeLessThanOrEqual(10_000);
    const byBytes = await writeShards(db, "gen", "problem_id, prompt", `${dir}/bytes`, { maxBytesPerShard: 1_000_000 });
    expect(byBytes.files.L1.length).toBe(5);
  });

  it("writes the staged table as one hive folder per level, the level only in the folder name", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", table());
    await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/out`, shards: false });
    expect((await readdir(`${dir}/out/staged`)).sort()).toEqual(["level=L1", "level=L3"]);
    const db = await sharedDuckDB();
    const counts = await queryRows<{ level: string; n: number }>(
      db,
      `SELECT level, count(*) AS n FROM read_parquet(${sqlString(`${dir}/out/staged/**/*.parquet`)}, hive_partitioning = true) GROUP BY level ORDER BY level`,
    );
    expect(counts).toEqual([{ level: "L1", n: 250 }, { level: "L3", n: 250 }]);
    // Not also inside the files: pyarrow and pandas refuse a folder whose partition column is in both places.
    const columns = await queryRows<{ column_name: string }>(db, `DESCRIBE SELECT * FROM read_parquet(${sqlString(`${dir}/out/staged/level=L1/part-00000.parquet`)}, hive_partitioning = false)`);
    expect(columns.map((c) => c.column_name)).not.toContain("level");
  });

  it("writes Arrow IPC files when asked", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", table());
    await stageDifficultyFile({ difficulty: file, policy: "am-2504.00829", out: `${dir}/out`, arrow: true });
    const arrow = tableFromIPC(await readFile(`${dir}/out/arrow/L1/train.arrow`));
    expect(arrow.numRows).toBe(250);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(["problem_id", "domain", "level", "rule", "policy", "pass_rates"]);
    expect(arrow.get(0)?.toJSON().problem_id).toBe("p000");
  });
});
