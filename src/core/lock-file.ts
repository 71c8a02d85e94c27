import { link, mkdir, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";

/** What a lock file holds: who writes the run folder, since when. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** Random per acquisition: tells our lock from a successor's after a takeover. */
  token: string;
  /** The process's start time (Linux `/proc/<pid>/stat`), so a reused pid is not taken for the holder. */
  start?: string;
}

/** A lock file's holder and when its lease was last renewed (the file's mtime). */
export type LockState = LockHolder & { renewedMs: number };

export async function readLockHolder(path: string): Promise<LockState | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    return { ...(JSON.parse(text) as LockHolder), renewedMs: info.mtimeMs };
  } catch (error) {
    // A lock being removed right now reads as absent: the caller retries.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // Locks are linked in whole, so this is no lock of ours: say which file to look at.
    if (error instanceof SyntaxError) throw new Error(`lock: ${path} is not a rungs lock file (${error.message}); remove it when no rungs process writes this run folder`);
    throw error;
  }
}

/** State and start time of a process from `/proc/<pid>/stat`; undefined where there is no /proc. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
    const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: rest[0], start: rest[19] };
  } catch {
    return undefined;
  }
}

/** This process's start time, for its lock files. */
export function processStart(pid = process.pid): string | undefined {
  return procStat(pid)?.start;
}

function pidAlive(pid: number, start: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // Busy machines reuse pids within seconds; a zombie is gone too.
  const stat = procStat(pid);
  return !stat || (stat.state !== "Z" && (start === undefined || stat.start === start));
}

/**
 * Why a holder no longer holds, or undefined while it does. On this host the process is asked
 * directly (dead pid); another host's process cannot be, so its lease (renewed mtime) decides.
 */
export function staleReason(holder: LockState, leaseMs: number, now = Date.now()): string | undefined {
  if (holder.host === hostname()) return pidAlive(holder.pid, holder.start) ? undefined : "its process is gone";
  const age = now - holder.renewedMs;
  return age > leaseMs ? `its lease expired ${Math.round(age / 1000)}s ago` : undefined;
}

/**
 * Writes the holder to a temp file, then links it to `path`: link fails when `path` exists (an
 * exclusive create that also holds on NFS), and the lock appears complete or not at all.
 */
export async function createLockFile(path: string, holder: LockHolder): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, `${JSON.stringify(holder)}\n`);
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Creates `path` exclusively (O_EXCL); false when it exists. */
export async function createExclusive(path: string): Promise<boolean> {
  try {
    await (await open(path, "wx")).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}
