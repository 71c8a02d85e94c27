import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";

/** Bookkeeping, not data: the manifest, the DuckDB views file, step records (steps/) and locks (.locks/). */
const BOOKKEEPING_FILES = ["manifest.json", "rungs.duckdb", "rungs.duckdb.wal"];
const BOOKKEEPING_DIRS = ["steps", ".locks"];

/** Every data file of a run folder (path → size and mtime), to tell which files a rerun rewrote. */
export async function dataFileSnapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (!(d === dir && BOOKKEEPING_DIRS.includes(e.name))) await walk(full);
      } else if (!BOOKKEEPING_FILES.includes(e.name)) {
        const s = await stat(full);
        files.set(relative(dir, full), `${s.size}:${s.mtimeMs}`);
      }
    }
  }
  await walk(dir);
  return files;
}
