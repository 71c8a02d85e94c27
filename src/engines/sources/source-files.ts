import { UsageError } from "../../core/errors.js";
import type { ProgressListener } from "../../core/progress.js";
import { noProgress } from "../../core/progress.js";
import { openHubDataset } from "../hub/hub-dataset.js";
import { hubSettings } from "../hub/hub-access.js";
import { resolveDataFiles } from "../hub/resolve-data-files.js";
import type { FileFormat, HubLocation, SourceSpec } from "../config/source-spec.js";
import { expandSourcePaths, fileLabel, formatOf, readFile } from "./readers/read-files.js";
import type { ReadItem } from "./readers/raw-record.js";

/** One file of a source, ready to read. */
export interface SourceFile {
  /** Local path (a cached download for Hub files). */
  local: string;
  /** Name used in locators: the path relative to the working directory, or the path in the Hub repo. */
  label: string;
  format: FileFormat;
}

/** Where a source's files came from, for the manifest (never the token). */
export interface SourceProvenance {
  files: string[];
  hub?: { repo: string; revision: string; sha: string; endpoint: string; config?: string; split: string; downloaded: number; cached: number };
}

export interface SourceFilesOptions {
  cwd?: string;
  progress?: ProgressListener;
  fetch?: typeof fetch;
}

/** The name a source is recorded under: its `name`, else the Hub repo id, else its (first) path. */
export function sourceName(spec: SourceSpec): string {
  if (spec.name) return spec.name;
  if (spec.hub) return spec.hub.repo;
  const first = Array.isArray(spec.path) ? spec.path[0] : spec.path;
  if (first) return first.replace(/^\.\//, "");
  throw new UsageError("ingest: a source needs `path` (local files) or `hub` (a Hub dataset)");
}

async function hubFiles(hub: HubLocation, spec: SourceSpec, { progress = noProgress, fetch }: SourceFilesOptions, name: string) {
  const dataset = await openHubDataset({ ...hub, ...(fetch ? { fetch } : {}) });
  const split = hub.split ?? "train";
  const paths = resolveDataFiles(
    dataset.files.map((f) => f.path),
    dataset.configs,
    { config: hub.config, split, files: hub.files, repo: hub.repo, revision: hub.revision ?? "main" },
  );
  const files: SourceFile[] = [];
  let downloaded = 0;
  for (const path of paths) {
    const format = formatOf(path, spec.format);
    const got = await dataset.download(path);
    if (got.cached) progress({ step: "ingest", unit: "files", label: name, done: files.length + 1, total: paths.length });
    else {
      downloaded++;
      progress({ step: "ingest", unit: "files", label: name, done: files.length + 1, total: paths.length, message: `downloaded ${path}` });
    }
    files.push({ local: got.path, label: path, format });
  }
  const { endpoint } = hubSettings(hub);
  const provenance: SourceProvenance = {
    files: paths,
    hub: { repo: hub.repo, revision: hub.revision ?? "main", sha: dataset.sha, endpoint, ...(hub.config ? { config: hub.config } : {}), split, downloaded, cached: paths.length - downloaded },
  };
  return { files, provenance };
}

/** Resolves a source to its files: local paths/globs, or a Hub dataset's files (downloaded or from the cache). */
export async function sourceFiles(spec: SourceSpec, options: SourceFilesOptions = {}): Promise<{ files: SourceFile[]; provenance: SourceProvenance }> {
  const name = sourceName(spec);
  if (spec.hub && spec.path) throw new UsageError(`ingest: source ${name}: give either path or hub, not both`);
  if (spec.hub) return hubFiles(spec.hub, spec, options, name);
  if (!spec.path) throw new UsageError(`ingest: source ${name}: needs path (local files) or hub (a Hub dataset)`);
  const cwd = options.cwd ?? process.cwd();
  const { files: locals, loops } = await expandSourcePaths(spec.path, cwd);
  const files: SourceFile[] = locals.map((local) => ({ local, label: fileLabel(local, cwd), format: formatOf(local, spec.format) }));
  // A loop is listed so reading it reports it (a quarantine line with its path); its format is never used.
  for (const local of loops) files.push({ local, label: fileLabel(local, cwd), format: spec.format ?? "jsonl" });
  files.sort((a, b) => (a.local < b.local ? -1 : a.local > b.local ? 1 : 0));
  return { files, provenance: { files: files.map((f) => f.label) } };
}

/**
 * Every raw row of a source, file after file, with failures (bad lines, unreadable files) in the
 * stream. Other steps use this too (curation reads evaluation sets with it).
 */
export async function* readSourceRows(spec: SourceSpec, options: SourceFilesOptions = {}): AsyncGenerator<ReadItem & { file: string }> {
  const { files } = await sourceFiles(spec, options);
  for (const file of files) {
    for await (const item of readFile(file.local, { format: file.format, label: file.label, maxLineBytes: spec.maxLineBytes })) yield { ...item, file: file.label };
  }
}
