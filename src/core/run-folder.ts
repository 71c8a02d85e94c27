import { mkdir, readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { randomBytes } from "node:crypto";

/** Paths inside a run folder (`data/runs/<run>/`). See DESIGN.md "The run folder". */
export class RunFolder {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = resolve(dir);
  }
  get manifestPath(): string {
    return join(this.dir, "manifest.json");
  }
  get duckdbPath(): string {
    return join(this.dir, "rungs.duckdb");
  }
  get quarantineDir(): string {
    return join(this.dir, "quarantine");
  }
  tableDir(table: string): string {
    return join(this.dir, table);
  }
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }
  async ensure(): Promise<this> {
    await mkdir(this.dir, { recursive: true });
    return this;
  }
}

/** Directory name of a hive partition, reversible for any value (`model=deepseek-ai%2FDeepSeek-R1`). */
export function partitionDirName(column: string, value: string): string {
  return `${column}=${encodeURIComponent(value)}`;
}

export function parsePartitionDirName(name: string): { column: string; value: string } | undefined {
  const eq = name.indexOf("=");
  if (eq <= 0) return undefined;
  return { column: name.slice(0, eq), value: decodeURIComponent(name.slice(eq + 1)) };
}

/**
 * DuckDB's read_parquet options for a table's files: a partition column lives only in the folder names
 * (`model=…/`), so that pyarrow, pandas, Polars and DuckDB all read the folder as it is; DuckDB then takes it
 * from the path, as text whatever it looks like (`model=7` stays "7"). Parts written before the column left
 * the files still read: DuckDB merges the two into one column.
 */
export function hiveReadOptions(files: readonly string[], base: string): string {
  const partitioned = files.some((f) => relative(base, f).split(sep).slice(0, -1).some((segment) => parsePartitionDirName(segment) !== undefined));
  return partitioned ? "hive_partitioning = true, hive_types_autocast = false" : "hive_partitioning = false";
}

/** A fresh, sortable, collision-free part file name. */
export function newPartName(prefix = "part"): string {
  return `${prefix}-${Date.now().toString(36).padStart(9, "0")}-${randomBytes(4).toString("hex")}.parquet`;
}

/** Every complete part file (`*.parquet`) under a directory, recursively, sorted. */
export async function listParquetFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith(".parquet") && !entry.name.startsWith(".")) found.push(full);
    }
  }
  await walk(dir);
  return found.sort();
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
