import { spawnSync } from "node:child_process";
import { mkdir, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RunFolder } from "../../src/core/run-folder.js";
import { acquireRunLock, locksDir, RunLockedError } from "../../src/core/run-lock.js";
import { createLockFile } from "../../src/core/lock-file.js";
import { makeTempDir } from "../temp-dirs.js";

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});
async function tempRun(): Promise<RunFolder> {
  const dir = await makeTempDir("rungs-lock-");
  dirs.push(dir);
  return new RunFolder(dir).ensure();
}
/** A pid that surely is not running: a child that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
}

describe("acquireRunLock", () => {
  it("refuses a second holder, naming pid, host, since and the lock file", async () => {
    const run = await tempRun();
    const lock = await acquireRunLock(run, "sample", { label: "sample" });
    const path = join(locksDir(run), "sample.lock");
    await expect(acquireRunLock(run, "sample", { label: "sample" })).rejects.toThrow(
      new RunLockedError(`sample: the run folder ${run.dir} is being written by pid ${process.pid} on host ${hostname()} since ${lock.holder.since} (lock ${path})`),
    );
    await lock.release();
    expect(await readdir(locksDir(run))).toEqual([]);
  });

  it("keeps locks of other steps and shards apart", async () => {
    const run = await tempRun();
    const a = await acquireRunLock(run, "sample@shard-1-of-2", { label: "sample" });
    const b = await acquireRunLock(run, "sample@shard-2-of-2", { label: "sample" });
    const c = await acquireRunLock(run, "grade", { label: "grade" });
    for (const lock of [a, b, c]) await lock.release();
  });

  it("takes over the lock of a dead process on this host, with a notice", async () => {
    const run = await tempRun();
    const pid = deadPid();
    const path = join(locksDir(run), "stage.lock");
    await createLockFile(path, { pid, host: hostname(), since: "2026-12-02T14:00:00Z", token: "old" });
    const notices: string[] = [];
    const lock = await acquireRunLock(run, "stage", { label: "stage", onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`stage: took over the stale lock ${path} of pid ${pid} on host ${hostname()} since 2026-12-02T14:00:00Z (its process is gone)`]);
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it("takes over another host's lock only once its lease expired", async () => {
    const run = await tempRun();
    const path = join(locksDir(run), "sample.lock");
    await createLockFile(path, { pid: 1, host: "other-host", since: "2026-12-02T14:00:00Z", token: "far" });
    // Fresh lease: held (the pid cannot be asked on another host).
    await expect(acquireRunLock(run, "sample", { label: "sample", renewMs: 1000, staleAfterRenewals: 3 })).rejects.toThrow(/being written by pid 1 on host other-host/);
    const old = new Date(Date.now() - 10_000);
    await utimes(path, old, old);
    const notices: string[] = [];
    const lock = await acquireRunLock(run, "sample", { label: "sample", renewMs: 1000, staleAfterRenewals: 3, onNotice: (m) => notices.push(m) });
    expect(notices[0]).toMatch(/^sample: took over the stale lock .* of pid 1 on host other-host since 2026-12-02T14:00:00Z \(its lease expired 10s ago\)$/);
    await lock.release();
  });

  it("lets exactly one of many takers replace a stale lock", async () => {
    const run = await tempRun();
    const path = join(locksDir(run), "sample.lock");
    await createLockFile(path, { pid: 1, host: "other-host", since: "2026-12-02T14:00:00Z", token: "far" });
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => acquireRunLock(run, "sample", { label: "sample", renewMs: 1000, staleAfterRenewals: 3 })));
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(RunLockedError);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireRunLock>>>).value.release();
  });

  it("renews its lease while held", async () => {
    const run = await tempRun();
    const lock = await acquireRunLock(run, "sample", { label: "sample", renewMs: 20 });
    const path = join(locksDir(run), "sample.lock");
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    await new Promise((r) => setTimeout(r, 100));
    const { mtimeMs } = await stat(path);
    expect(mtimeMs).toBeGreaterThan(old.getTime() + 30_000);
    await lock.release();
  });
});

describe("staleness on this host", () => {
  it("takes a live pid whose start time differs for a reused pid", async () => {
    const run = await tempRun();
    const path = join(locksDir(run), "sample.lock");
    // Our own pid, but another process's start time: the holder died and its pid was given to us.
    await createLockFile(path, { pid: process.pid, host: hostname(), since: "2026-12-02T14:00:00Z", token: "old", start: "1" });
    const notices: string[] = [];
    const lock = await acquireRunLock(run, "sample", { label: "sample", onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([`sample: took over the stale lock ${path} of pid ${process.pid} on host ${hostname()} since 2026-12-02T14:00:00Z (its process is gone)`]);
    await lock.release();
  });
});

describe("a file in .locks that is not a lock", () => {
  it("is named, with what to do", async () => {
    const run = await tempRun();
    const path = join(locksDir(run), "sample.lock");
    await mkdir(locksDir(run), { recursive: true });
    await writeFile(path, "garbage");
    await expect(acquireRunLock(run, "sample", { label: "sample" })).rejects.toThrow(
      `lock: ${path} is not a rungs lock file (Unexpected token 'g', "garbage" is not valid JSON); remove it when no rungs process writes this run folder`,
    );
  });
});
