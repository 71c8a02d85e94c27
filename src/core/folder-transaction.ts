import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { pathExists } from "./run-folder.js";
import { stagingPathFor, swapDirectory, writeFileAtomic } from "./atomic-file.js";

interface Journal {
  /** Staging folder → the folder it replaces, in commit order. */
  pairs: { staging: string; target: string }[];
}

const JOURNAL = /^\.commit-.*\.json$/;

/**
 * Replaces several folders together (e.g. stage's `staged/` and `shards/`): each is written into a
 * staging folder; `commit` first records every (staging, target) pair in a journal, then swaps them.
 * A process killed before the journal exists leaves the old folders (stagings are swept); killed
 * after, the next run rolls the swaps forward (`recoverCommits`). Readers thus never act on a mix.
 */
export class FolderTransaction {
  private readonly pairs: Journal["pairs"] = [];
  private readonly id = randomBytes(4).toString("hex");

  /** `journalDir`: where the journal goes (the run folder, which recovery scans). */
  constructor(private readonly journalDir: string) {}

  /** A fresh staging folder beside `target`, to fill with its new content. */
  async stage(target: string): Promise<string> {
    const staging = stagingPathFor(target);
    await mkdir(staging, { recursive: true });
    this.pairs.push({ staging, target });
    return staging;
  }

  async commit(): Promise<void> {
    const journal = join(this.journalDir, `.commit-${this.id}.json`);
    await writeFileAtomic(journal, `${JSON.stringify({ pairs: this.pairs } satisfies Journal)}\n`);
    for (const [i, { staging, target }] of this.pairs.entries()) {
      await swapDirectory(staging, target);
      testHook("folder-commit", i);
    }
    await rm(journal, { force: true });
  }

  async abort(): Promise<void> {
    for (const { staging } of this.pairs) await rm(staging, { recursive: true, force: true });
  }
}

/** Rolls forward the commits a killed process left half done in `dir`. Returns the targets replaced. */
export async function recoverCommits(dir: string): Promise<string[]> {
  const replaced: string[] = [];
  for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) => JOURNAL.test(n))) {
    const path = join(dir, name);
    const journal = JSON.parse(await readFile(path, "utf8")) as Journal;
    for (const { staging, target } of journal.pairs) {
      if (!(await pathExists(staging))) continue; // swapped before the kill
      await swapDirectory(staging, target);
      replaced.push(target);
    }
    await rm(path, { force: true });
  }
  return replaced;
}

/** Test hook: `RUNGS_TEST_KILL_AT=folder-commit:0` kills the process right after the first swap of a commit. */
function testHook(point: string, index: number): void {
  if (process.env.RUNGS_TEST_KILL_AT === `${point}:${index}`) process.kill(process.pid, "SIGKILL");
}
