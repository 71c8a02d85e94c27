import { spawn } from "node:child_process";
import { readdir, rm } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, sharedDuckDB, sqlString } from "../../../src/core/duckdb.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { sweepLeftovers } from "../../../src/core/sweep-leftovers.js";
import { problemRows, readStaged, tempDir, writeJsonl } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

// Two difficulty files whose staged sets differ in every row (other problem ids).
const difficulty = (prefix: string) => Array.from({ length: 300 }, (_, i) => problemRows(`${prefix}${i}`, i % 2 ? "code" : "math", 4, { r1: 4, s: 2, m: 2, l: 0 })).flat();

function stageCli(file: string, out: string, { env = {}, killAfterMs }: { env?: Record<string, string>; killAfterMs?: number } = {}): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "stage", "--difficulty", file, "--policy", "am-2504.00829", "--out", out, "--arrow"], {
      stdio: "ignore",
      env: { ...process.env, ...env },
    });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** (problem_id, level) of every shard row under `out/shards`. */
async function shardKeys(out: string): Promise<string[]> {
  const rows = await queryRows<{ problem_id: string; level: string }>(
    await sharedDuckDB(),
    `SELECT problem_id, level FROM read_parquet(${sqlString(`${out}/shards/**/*.parquet`)}, hive_partitioning = false) ORDER BY level, problem_id`,
  );
  return rows.map((r) => `${r.level}/${r.problem_id}`);
}
const stagedKeys = async (out: string) => (await readStaged(out)).map((r) => `${r.level}/${r.problem_id}`);

describe("a stage step killed mid-way", () => {
  it("leaves staged/ and shards/ from the same run, once the next run recovers", { timeout: 300_000 }, async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const files = [await writeJsonl(dir, "a.jsonl", difficulty("a")), await writeJsonl(dir, "b.jsonl", difficulty("b"))];
    const out = `${dir}/out`;
    expect(await stageCli(files[0], out)).toBe(0);
    const expected = [await stagedKeys(out)];
    expect(await stageCli(files[1], out)).toBe(0);
    expected.push(await stagedKeys(out));
    expect(await shardKeys(out)).toEqual(expected[1]);

    // The worst moment, by the test hook: right after staged/ was swapped in, before shards/ was.
    expect(await stageCli(files[0], out, { env: { RUNGS_TEST_KILL_AT: "folder-commit:0" } })).toBe(null);
    expect(await stagedKeys(out)).toEqual(expected[0]);
    expect(await shardKeys(out)).toEqual(expected[1]); // the mix a reader would see without recovery
    const swept = await sweepLeftovers(new RunFolder(out));
    expect(swept.recovered.map((p) => p.slice(out.length + 1))).toEqual(["shards", "arrow"]);
    expect(await shardKeys(out)).toEqual(expected[0]);

    // SIGKILL at random moments, alternating inputs: after recovery both folders always come from one run.
    for (let k = 0; k < 6; k++) {
      await stageCli(files[(k + 1) % 2], out, { killAfterMs: 300 + Math.random() * 1500 });
      await sweepLeftovers(new RunFolder(out), { now: Date.now() + 60_000 });
      const staged = await stagedKeys(out);
      expect(await shardKeys(out)).toEqual(staged);
      expect(expected).toContainEqual(staged);
    }
    // Nothing the killed runs made is left behind.
    expect((await readdir(out)).sort()).toEqual(["arrow", "shards", "staged"]);
  });
});
