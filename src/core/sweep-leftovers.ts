import { readdir, rename, rm, lstat } from "node:fs/promises";
import { join } from "node:path";
import { liveLocks } from "./run-lock.js";
import { recoverCommits } from "./folder-transaction.js";
import { pathExists, type RunFolder } from "./run-folder.js";

/**
 * Names that only a write in progress makes: staging folders, publish and export builds, folders
 * renamed aside by swapDirectory, temp part files (`.part-….jsonl`, `.….tmp`), downloads. A step
 * killed mid-way leaves them behind; nothing ever reads them.
 */
const LEFTOVER = [
  /^\.staging-/,
  /^\.export-staging-/,
  /^\.rescore-/,
  /^\..*\.publish-building$/,
  /\.old-[0-9a-f]{6}$/,
  /^\..*\.(tmp|jsonl)$/,
  /\.[0-9a-f]{8}\.(tmp|incomplete)$/,
];

export function isLeftover(name: string): boolean {
  return name !== ".locks" && LEFTOVER.some((pattern) => pattern.test(name));
}

export interface SweepResult {
  removed: string[];
  /** Folders a killed commit had not swapped in yet, now swapped (rolled forward). */
  recovered: string[];
  /** Folders a killed swap had renamed aside with nothing in their place, now put back. */
  restored: string[];
  /** Set when another live writer holds a lock in the folder: its temp files are not ours to remove. */
  deferred?: string;
}

// Older than the sweep's start by this much: a writer that took its lock after the check below
// made every file of its own later, even on file systems with 2-second mtimes.
const MARGIN_MS = 3000;

/**
 * Removes what killed writers left in a run folder. Runs only when no other live process holds a
 * lock in it (each writer holds one), and only removes entries older than the sweep itself.
 */
export async function sweepLeftovers(run: RunFolder, { now = Date.now() } = {}): Promise<SweepResult> {
  const live = await liveLocks(run);
  if (live.length) return { removed: [], recovered: [], restored: [], deferred: `another writer holds ${live.join(", ")}` };
  const recovered = await recoverCommits(run.dir);
  const removed: string[] = [];
  const restored: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const aside = /^(.*)\.old-[0-9a-f]{6}$/.exec(entry.name);
      if (aside && !(await pathExists(join(dir, aside[1])))) {
        // Killed between swapDirectory's two renames: the old folder is the only complete one.
        await rename(full, join(dir, aside[1]));
        restored.push(join(dir, aside[1]));
      } else if (isLeftover(entry.name)) {
        const info = await lstat(full).catch(() => undefined);
        if (info && info.mtimeMs < now - MARGIN_MS) {
          await rm(full, { recursive: true, force: true });
          removed.push(full);
        }
      } else if (entry.isDirectory() && entry.name !== ".locks") await walk(full);
    }
  }
  await walk(run.dir);
  return { removed: removed.sort(), recovered, restored };
}
