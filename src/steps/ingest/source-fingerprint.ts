import { lstat, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { sha256Hex, stableStringify } from "../../core/hash.js";
import { pathExists } from "../../core/run-folder.js";
import { writeJsonFile } from "../../core/table-store.js";
import type { Shard } from "../step.js";
import type { SourceFile } from "../../engines/sources/source-files.js";
import type { SourceSpec } from "../../engines/config/source-spec.js";

/** Name of the record a finished source leaves in its `ingested/<source>/` folder (ignored by Parquet readers: `_` prefix). */
export const SOURCE_RECORD = "_ingest.json";

/**
 * What decides a source's output: the spec (a custom mapper by its code, never the token), the
 * shard, the limit, the ingest version, and each file's size and modification time (Hub files are
 * pinned to a commit, so their cached copies change only with it).
 */
export async function sourceFingerprint(spec: SourceSpec, files: SourceFile[], extra: { shard?: Shard; limit?: number; version: string; sha?: string }): Promise<string> {
  const stats = await Promise.all(files.map(async (f) => {
    const s = await stat(f.local).catch(() => lstat(f.local)); // a symlink loop: the link itself
    return { label: f.label, size: s.size, mtime: extra.sha ? 0 : Math.round(s.mtimeMs) };
  }));
  const normalized = {
    ...spec,
    adapter: typeof spec.adapter === "function" ? `function:${sha256Hex(spec.adapter.toString())}` : (spec.adapter ?? "auto"),
    ...(spec.hub ? { hub: { ...spec.hub, token: undefined, cacheDir: undefined } } : {}),
  };
  return sha256Hex(stableStringify({ spec: normalized, stats, ...extra })).slice(0, 32);
}

/** The stored result of a finished source when its fingerprint matches and its outputs are all there. */
export async function finishedSource<T>(ingestedDir: string, quarantinePath: string, fingerprint: string): Promise<T | undefined> {
  const text = await readFile(join(ingestedDir, SOURCE_RECORD), "utf8").catch(() => undefined);
  if (!text) return undefined;
  const record = JSON.parse(text) as { fingerprint: string; result: T & { quarantined: number } };
  if (record.fingerprint !== fingerprint) return undefined;
  if (record.result.quarantined > 0 && !(await pathExists(quarantinePath))) return undefined;
  return record.result;
}

export async function recordFinishedSource(ingestedDir: string, fingerprint: string, result: unknown): Promise<void> {
  await writeJsonFile(join(ingestedDir, SOURCE_RECORD), { fingerprint, result });
}
