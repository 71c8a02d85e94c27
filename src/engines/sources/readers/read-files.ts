import { readdir, stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { glob, isDynamicPattern } from "tinyglobby";
import { InputError } from "../../../core/errors.js";
import type { FileFormat } from "../../config/source-spec.js";
import type { ReadItem } from "./raw-record.js";
import { readJsonl } from "./jsonl-reader.js";
import { readJson } from "./json-reader.js";
import { readWithDuckDB } from "./duckdb-reader.js";

const EXTENSIONS: Record<string, FileFormat> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "json",
  ".parquet": "parquet",
  ".csv": "csv",
};

/** The format of a file from its name, or an error naming it and the formats rungs reads. */
export function formatOf(path: string, override?: FileFormat): FileFormat {
  if (override) return override;
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (!format) throw new InputError(`ingest: ${path}: cannot tell the file format from its extension; use .jsonl, .json, .parquet or .csv, or set the source's format`, path);
  return format;
}

/** Data files of a folder source. */
const FOLDER_PATTERN = "**/*.{jsonl,ndjson,json,parquet,csv}";

/** What paths and globs expand to: the files, and the symbolic links that lead back to themselves (reported, not read). */
export interface ExpandedPaths {
  files: string[];
  loops: string[];
}

/**
 * Expands paths and globs (relative to `cwd`) into a sorted list of files. A plain path that does not
 * exist, or a glob that matches nothing, is an error naming it; a plain path that is a symlink loop is an
 * error saying so. Loops a glob or folder would match are returned apart (the glob library skips them silently).
 */
export async function expandSourcePaths(patterns: string | string[], cwd = process.cwd()): Promise<ExpandedPaths> {
  const files = new Set<string>();
  const loops = new Set<string>();
  for (const pattern of Array.isArray(patterns) ? patterns : [patterns]) {
    if (isDynamicPattern(pattern)) {
      const found = await glob(pattern, { cwd, absolute: true, onlyFiles: true });
      for (const loop of await symlinkLoops(cwd, pattern)) loops.add(loop);
      if (found.length === 0 && loops.size === 0) throw new InputError(`ingest: ${pattern}: the glob matches no file (from ${cwd})`, pattern);
      for (const f of found) files.add(f);
    } else {
      const full = resolve(cwd, pattern);
      const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ELOOP") throw new InputError(`ingest: ${pattern}: symlink loop (the link leads back to itself; ELOOP)`, pattern);
        if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
        throw new InputError(`ingest: ${pattern}: cannot read: ${error.message}`, pattern);
      });
      if (!info) throw new InputError(`ingest: ${pattern}: no such file`, pattern);
      if (info.isDirectory()) {
        const found = await glob(FOLDER_PATTERN, { cwd: full, absolute: true, onlyFiles: true });
        for (const loop of await symlinkLoops(full, FOLDER_PATTERN)) loops.add(loop);
        if (found.length === 0 && loops.size === 0) throw new InputError(`ingest: ${pattern}: the folder holds no .jsonl/.json/.parquet/.csv file`, pattern);
        for (const f of found) files.add(f);
      } else files.add(full);
    }
  }
  return { files: [...files].sort(), loops: [...loops].sort() };
}

/** `expandSourcePaths` without the loops, for callers that only read. */
export async function expandPaths(patterns: string | string[], cwd = process.cwd()): Promise<string[]> {
  return (await expandSourcePaths(patterns, cwd)).files;
}

/**
 * Symbolic links under the glob's fixed base folder that match it and lead back to themselves (stat fails with
 * ELOOP). The walk never follows links, so it ends whatever the links do; it descends only as deep as the glob can match.
 */
async function symlinkLoops(cwd: string, pattern: string): Promise<string[]> {
  const full = isAbsolute(pattern) ? pattern : join(cwd, pattern);
  const segments = full.split(sep);
  const firstDynamic = segments.findIndex((segment) => isDynamicPattern(segment));
  const base = segments.slice(0, firstDynamic).join(sep) || sep;
  const depth = segments.slice(firstDynamic).includes("**") ? Infinity : segments.length - firstDynamic;
  const matches = picomatch(full.split(sep).join("/"), { dot: false });
  const loops: string[] = [];
  const walk = async (dir: string, level: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && level < depth) await walk(path, level + 1);
      else if (entry.isSymbolicLink() && matches(path.split(sep).join("/"))) {
        const looping = await stat(path).then(
          () => false,
          (error: NodeJS.ErrnoException) => error.code === "ELOOP",
        );
        if (looping) loops.push(path);
      }
    }
  };
  await walk(base, 1);
  return loops;
}

/** A short, stable label for a file in locators: its path relative to `cwd` when inside it. */
export function fileLabel(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel.startsWith("..") ? path : rel;
}

/** Reads one file of any supported format as a stream of rows and failures; a symlink loop is one failure naming it. */
export async function* readFile(path: string, { format, label = path, maxLineBytes }: { format?: FileFormat; label?: string; maxLineBytes?: number } = {}): AsyncGenerator<ReadItem> {
  const looping = await stat(path).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === "ELOOP",
  );
  if (looping) {
    yield { location: label, reason: "symlink_loop", detail: `${label}: symlink loop (the link leads back to itself; ELOOP)` };
    return;
  }
  yield* readByFormat(path, format, label, maxLineBytes);
}

function readByFormat(path: string, format: FileFormat | undefined, label: string, maxLineBytes: number | undefined): AsyncGenerator<ReadItem> {
  const kind = formatOf(path, format);
  switch (kind) {
    case "jsonl":
      return readJsonl(path, label, maxLineBytes);
    case "json":
      return readJson(path, label);
    case "parquet":
    case "csv":
      return readWithDuckDB(path, kind, label);
  }
}
