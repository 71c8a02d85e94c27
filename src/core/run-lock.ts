import { readdir, rm, stat, utimes } from "node:fs/promises";
import { unlinkSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { UsageError } from "./errors.js";
import { createExclusive, createLockFile, processStart, readLockHolder, staleReason, type LockHolder, type LockState } from "./lock-file.js";
import type { RunFolder } from "./run-folder.js";

export interface RunLockOptions {
  /** Starts every message (the step's name). */
  label: string;
  /** How often the holder renews its lease (the lock file's mtime). @default 10000 */
  renewMs?: number;
  /** Another host's lock is stale once its lease is older than this many renewal periods. @default 6 */
  staleAfterRenewals?: number;
  /** Told when a stale lock is taken over (the library never prints). */
  onNotice?: (message: string) => void;
}

/** A second writer on the same (run folder, step[, shard]). */
export class RunLockedError extends UsageError {
  override name = "RunLockedError";
}

/** Directory of a run folder's lock files (hidden, so no table reader lists it). */
export function locksDir(run: RunFolder): string {
  return run.path(".locks");
}

/** A held lock: renews its lease until released, and is removed on process exit at the latest. */
export class RunLock {
  private readonly timer: NodeJS.Timeout;
  private released = false;
  private readonly onExit = () => this.releaseSync();

  constructor(
    readonly path: string,
    readonly holder: LockHolder,
    renewMs: number,
  ) {
    this.timer = setInterval(() => void this.renew(), renewMs);
    this.timer.unref();
    process.once("exit", this.onExit);
  }

  private async renew(): Promise<void> {
    const current = await readLockHolder(this.path).catch(() => undefined);
    if (current?.token !== this.holder.token) return clearInterval(this.timer);
    const now = new Date();
    await utimes(this.path, now, now).catch(() => undefined);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    process.removeListener("exit", this.onExit);
    // Never remove a successor's lock (ours was taken over while this process was stopped).
    if ((await readLockHolder(this.path).catch(() => undefined))?.token === this.holder.token) await rm(this.path, { force: true });
  }

  /** For `process.on("exit")`: synchronous, no reads. */
  releaseSync(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}

function withStart(): { start?: string } {
  const start = processStart();
  return start ? { start } : {};
}

function lockedMessage(label: string, run: RunFolder, holder: LockHolder, path: string): string {
  return `${label}: the run folder ${run.dir} is being written by pid ${holder.pid} on host ${holder.host} since ${holder.since} (lock ${path})`;
}

/**
 * Takes the lock `name` (e.g. `sample@shard-2-of-4`) of a run folder, or throws RunLockedError
 * naming the holder. A stale lock is taken over under a guard file, so of two processes that
 * both find it stale only one takes it.
 */
export async function acquireRunLock(run: RunFolder, name: string, { label, renewMs = 10_000, staleAfterRenewals = 6, onNotice }: RunLockOptions): Promise<RunLock> {
  const path = join(locksDir(run), `${name}.lock`);
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), token: randomBytes(8).toString("hex"), ...withStart() };
  const leaseMs = renewMs * staleAfterRenewals;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createLockFile(path, holder)) return new RunLock(path, holder, renewMs);
    const current = await readLockHolder(path);
    if (!current) continue; // released in between: try again
    const reason = staleReason(current, leaseMs);
    if (!reason) throw new RunLockedError(lockedMessage(label, run, current, path));
    if (await takeOver(path, current, leaseMs)) {
      onNotice?.(`${label}: took over the stale lock ${path} of pid ${current.pid} on host ${current.host} since ${current.since} (${reason})`);
    }
  }
  const current = await readLockHolder(path);
  throw new RunLockedError(current ? lockedMessage(label, run, current, path) : `${label}: cannot take the lock ${path}`);
}

/** Removes a stale lock if it is still the one judged stale; the guard keeps two takers apart. */
async function takeOver(path: string, stale: LockState, leaseMs: number): Promise<boolean> {
  const guard = `${path}.takeover`;
  if (!(await createExclusive(guard))) {
    // A taker that died inside its guard leaves it behind; it holds nothing after a lease.
    const age = Date.now() - (await stat(guard).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > leaseMs) await rm(guard, { force: true });
    return false;
  }
  try {
    const current = await readLockHolder(path);
    if (current?.token !== stale.token) return false;
    await rm(path, { force: true });
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}

/** Names of the locks of a run folder held by a live process other than this one. */
export async function liveLocks(run: RunFolder, { renewMs = 10_000, staleAfterRenewals = 6 } = {}): Promise<string[]> {
  const names = await readdir(locksDir(run)).catch(() => [] as string[]);
  const live: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".lock"))) {
    const holder = await readLockHolder(join(locksDir(run), name)).catch(() => undefined);
    if (holder && !(holder.pid === process.pid && holder.host === hostname()) && !staleReason(holder, renewMs * staleAfterRenewals)) live.push(name);
  }
  return live;
}
