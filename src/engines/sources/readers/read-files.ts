import { stat } from "node:fs/promises";
import { extname, relative, resolve } from "node:path";
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

/**
 * Expands paths and globs (relative to `cwd`) into a sorted list of files. A plain path that does not
 * exist, or a glob that matches nothing, is an error naming it.
 */
export async function expandPaths(patterns: string | string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of Array.isArray(patterns) ? patterns : [patterns]) {
    if (isDynamicPattern(pattern)) {
      const found = await glob(pattern, { cwd, absolute: true, onlyFiles: true });
      if (found.length === 0) throw new InputError(`ingest: ${pattern}: the glob matches no file (from ${cwd})`, pattern);
      for (const f of found) files.add(f);
    } else {
      const full = resolve(cwd, pattern);
      const info = await stat(full).catch(() => undefined);
      if (!info) throw new InputError(`ingest: ${pattern}: no such file`, pattern);
      if (info.isDirectory()) {
        const found = await glob("**/*.{jsonl,ndjson,json,parquet,csv}", { cwd: full, absolute: true, onlyFiles: true });
        if (found.length === 0) throw new InputError(`ingest: ${pattern}: the folder holds no .jsonl/.json/.parquet/.csv file`, pattern);
        for (const f of found) files.add(f);
      } else files.add(full);
    }
  }
  return [...files].sort();
}

/** A short, stable label for a file in locators: its path relative to `cwd` when inside it. */
export function fileLabel(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel.startsWith("..") ? path : rel;
}

/** Reads one file of any supported format as a stream of rows and failures. */
export function readFile(path: string, { format, label = path }: { format?: FileFormat; label?: string } = {}): AsyncGenerator<ReadItem> {
  const kind = formatOf(path, format);
  switch (kind) {
    case "jsonl":
      return readJsonl(path, label);
    case "json":
      return readJson(path, label);
    case "parquet":
    case "csv":
      return readWithDuckDB(path, kind, label);
  }
}
