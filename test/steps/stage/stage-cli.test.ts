import { describe, expect, it, vi } from "vitest";
import { readdir } from "node:fs/promises";
import { main } from "../../../src/cli.js";
import { sharedDuckDB, sqlString } from "../../../src/core/duckdb.js";
import { problemRows, readStaged, tempDir, writeJsonl } from "./helpers.js";

const rows = [...problemRows("a", "math", 4, { r1: 4, s: 2, m: 2, l: 0 }), ...problemRows("b", "code", 4, { r1: 0, s: 0, m: 0, l: 0 })];

describe("rungs stage --difficulty", () => {
  it("stages a JSONL file into DIR/staged and DIR/shards", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", rows);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = await main(["stage", "--difficulty", file, "--policy", "am-2504.00829", "--out", `${dir}/out`]);
    stderr.mockRestore();
    expect(code).toBe(0);
    expect((await readStaged(`${dir}/out`)).map((r) => [r.problem_id, r.level])).toEqual([["a", "L1"], ["a", "L2"], ["a", "L3"]]);
    expect(await readdir(`${dir}/out/shards`)).toEqual(["L1", "L2", "L3"]);
  });

  it("reads a Parquet file too, filling passes from the pass rate", async () => {
    const dir = await tempDir();
    const db = await sharedDuckDB();
    const values = rows.map((r) => `(${sqlString(r.problem_id)}, ${sqlString(r.domain)}, ${sqlString(r.model)}, ${r.pass_rate}, ${r.samples})`).join(", ");
    await db.run(`COPY (SELECT * FROM (VALUES ${values}) t(problem_id, domain, model, pass_rate, samples)) TO ${sqlString(`${dir}/d.parquet`)} (FORMAT parquet)`);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = await main(["stage", "--difficulty", `${dir}/d.parquet`, "--policy", "am-2504.00829", "--out", `${dir}/out`]);
    stderr.mockRestore();
    expect(code).toBe(0);
    expect((await readStaged(`${dir}/out`)).length).toBe(3);
  });

  it("exits 2 with the policy error for an unknown policy", async () => {
    const dir = await tempDir();
    const file = await writeJsonl(dir, "d.jsonl", rows);
    let text = "";
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((text += String(s)), true));
    const code = await main(["stage", "--difficulty", file, "--policy", "nope", "--out", `${dir}/out`]);
    stderr.mockRestore();
    expect(code).toBe(2);
    expect(text).toContain('stage: unknown policy "nope"');
  });
});
