import { afterAll, describe, expect, it, vi } from "vitest";
import { rm, writeFile } from "node:fs/promises";
import { main } from "../../../src/cli.js";
import { queryRows, sharedDuckDB, sqlString } from "../../../src/core/duckdb.js";
import { listParquetFiles } from "../../../src/core/run-folder.js";
import { makeRun, MODELS, PIPELINE } from "../publish/make-run.js";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs the CLI, capturing stderr. */
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: await main(args), stderr };
  } finally {
    spy.mockRestore();
  }
}

/** Rows in each shard file of a level. */
async function shardRows(dir: string): Promise<number[]> {
  const db = await sharedDuckDB();
  const files = await listParquetFiles(dir);
  const counts: number[] = [];
  for (const file of files) counts.push(Number((await queryRows<{ n: bigint }>(db, `SELECT count(*) AS n FROM read_parquet(${sqlString(file)})`))[0].n));
  return counts;
}

describe("rungs stage --shard-rows", () => {
  it("re-runs a stage that is up to date when --shard-rows changes, and writes shards of that size", async () => {
    const { run } = await makeRun({ problems: 40 });
    made.push(run.dir);
    // A policy over the run's two models, with the levels the default curriculum names.
    const pipeline = { ...PIPELINE, policy: { name: "two-models", levels: [{ name: "L2", rules: [{ when: { model: MODELS[0], gt: 0 } }] }, { name: "L3", rules: [{ when: { model: MODELS[1], lt: 1 } }] }] } };
    const pipelinePath = run.path("two-models.mjs");
    await writeFile(pipelinePath, `export default ${JSON.stringify(pipeline)};\n`);

    const first = await cli(["stage", pipelinePath, "--run-dir", run.dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^stage: done /m);
    const level = run.path("shards", "L2");
    const total = (await shardRows(level)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20);
    expect(await shardRows(level)).toEqual([total]);
    expect((await cli(["stage", pipelinePath, "--run-dir", run.dir])).stderr).toMatch(/^stage: up to date /m);

    const resharded = await cli(["stage", pipelinePath, "--run-dir", run.dir, "--shard-rows", "10"]);
    expect(resharded.code, resharded.stderr).toBe(0);
    expect(resharded.stderr).toMatch(/^stage: done /m);
    const sizes = await shardRows(level);
    expect(sizes.length).toBe(Math.ceil(total / 10));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    expect((await cli(["stage", pipelinePath, "--run-dir", run.dir, "--shard-rows", "10"])).stderr).toMatch(/^stage: up to date /m);
  });
});
