import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { sha256Hex } from "../core/hash.js";
import type { RunFolder } from "../core/run-folder.js";

/**
 * A cheap fingerprint of folders in the run: every file's relative path, size and modification time.
 * Part files are never modified in place (temp name + rename), so this changes exactly when a table does.
 * Paths are relative to the run folder, or absolute.
 */
export async function fingerprintPaths(run: RunFolder, paths: readonly string[]): Promise<string> {
  const entries: string[] = [];
  async function walk(dir: string): Promise<void> {
    let items;
    try {
      items = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return;
      throw error;
    }
    for (const item of items) {
      if (item.name.startsWith(".")) continue;
      const full = join(dir, item.name);
      if (item.isDirectory()) await walk(full);
      else if (item.isFile()) {
        const info = await stat(full);
        entries.push(`${relative(run.dir, full)}\t${info.size}\t${Math.floor(info.mtimeMs)}`);
      }
    }
  }
  for (const path of paths) {
    const full = resolve(run.dir, path);
    const info = await stat(full).catch(() => undefined);
    if (info?.isFile()) entries.push(`${path}\t${info.size}\t${Math.floor(info.mtimeMs)}`);
    else await walk(full);
  }
  return sha256Hex(entries.sort().join("\n")).slice(0, 16);
}

/** True when every output path exists and holds at least one file. */
export async function outputsExist(run: RunFolder, paths: readonly string[]): Promise<boolean> {
  for (const path of paths) {
    const full = resolve(run.dir, path);
    const info = await stat(full).catch(() => undefined);
    if (!info) return false;
    if (info.isDirectory() && (await readdir(full)).filter((f) => !f.startsWith(".")).length === 0) return false;
  }
  return true;
}
