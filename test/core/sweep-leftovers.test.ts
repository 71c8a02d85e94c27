import { spawn } from "node:child_process";
import { mkdir, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RunFolder } from "../../src/core/run-folder.js";
import { createLockFile } from "../../src/core/lock-file.js";
import { locksDir } from "../../src/core/run-lock.js";
import { sweepLeftovers } from "../../src/core/sweep-leftovers.js";
import { makeTempDir } from "../temp-dirs.js";

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

/** What killed steps leave: staging folders, builds, folders moved aside, temp part files. */
const LEFTOVERS = [
  ".staging-problems-0a1b2c3d/part-00000.parquet",
  ".staging-0a1b2c3d/L1/part-00000.parquet",
  ".0a1b2c3d.publish-building/README.md",
  ".export-staging-0a1b2c3d/curriculum.json",
  "staged.old-0a1b2c/part-00000.parquet",
  "rollouts/model=m/.part-00abc-0a1b2c3d.parquet.1a2b3c4d.jsonl",
  "rollouts/model=m/.part-00abc-0a1b2c3d.parquet.1a2b3c4d.tmp",
  "quarantine/bad_row.jsonl.0a1b2c3d.tmp",
];
const KEPT = ["staged/part-00000.parquet", "rollouts/model=m/part-00abc-0a1b2c3d.parquet", "quarantine/bad_row.jsonl", "steps/sample.json", "manifest.json"];

async function makeRun(paths: string[], ageMs: number): Promise<RunFolder> {
  const dir = await makeTempDir("rungs-sweep-");
  dirs.push(dir);
  const when = new Date(Date.now() - ageMs);
  for (const path of paths) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), "x");
    // The top entry's age decides (a staging folder is judged by the folder itself).
    await utimes(join(dir, path.split("/").slice(0, path.startsWith("rollouts") || path.startsWith("quarantine") ? undefined : 1).join("/")), when, when);
  }
  return new RunFolder(dir);
}

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe("sweepLeftovers", () => {
  it("removes what killed runs left and keeps every table, record and quarantine file", async () => {
    const run = await makeRun([...LEFTOVERS, ...KEPT], 60_000);
    const swept = await sweepLeftovers(run);
    expect(swept.removed).toHaveLength(LEFTOVERS.length);
    expect(await files(run.dir)).toEqual([...KEPT].sort());
  });

  it("keeps entries newer than the sweep (a writer that started meanwhile)", async () => {
    const run = await makeRun(LEFTOVERS, 0);
    expect((await sweepLeftovers(run)).removed).toEqual([]);
  });

  it("puts back a folder a killed swap moved aside with nothing in its place", async () => {
    const run = await makeRun(["difficulty.old-0a1b2c/part-00000.parquet"], 60_000);
    const swept = await sweepLeftovers(run);
    expect(swept.restored).toEqual([run.path("difficulty")]);
    expect(await files(run.dir)).toEqual(["difficulty/part-00000.parquet"]);
  });

  it("leaves everything while another live process holds a lock in the run folder", async () => {
    const run = await makeRun(LEFTOVERS, 60_000);
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      await createLockFile(join(locksDir(run), "sample@shard-1-of-2.lock"), { pid: other.pid!, host: hostname(), since: "2026-12-02T14:00:00Z", token: "t" });
      const swept = await sweepLeftovers(run);
      expect(swept).toEqual({ removed: [], recovered: [], restored: [], deferred: "another writer holds sample@shard-1-of-2.lock" });
      expect((await files(run.dir)).filter((f) => !f.startsWith(".locks"))).toHaveLength(LEFTOVERS.length);
    } finally {
      other.kill();
    }
  });
});
