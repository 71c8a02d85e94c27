import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, resolve } from "node:path";
import { readManifest, type Manifest } from "../../core/manifest.js";
import type { RunFolder } from "../../core/run-folder.js";

/** Steps whose records describe how the published data was made; later steps (publish, stats, report) do not change it. */
const DATA_STEPS = new Set(["ingest", "curate", "sample", "grade", "stage", "export"]);

export interface ProvenanceFiles {
  /** Path in the publish folder → content. */
  files: Record<string, string>;
  /** Versions recorded by the data steps (rungs, verifiers, policy). */
  versions: Record<string, string>;
  /** The data steps' records as published (the card says which curation steps ran from them). */
  steps: Manifest["steps"];
}

/**
 * Text with this machine's paths taken out: the run folder becomes `<run>`, the working directory `.`,
 * the home directory `~` (step records name shards, trainer files and checkpoints by absolute path).
 */
export function withoutLocalPaths(text: string, runDir: string): string {
  const replacements: [string, string][] = [
    [resolve(runDir), "<run>"],
    [runDir, "<run>"],
    [process.cwd(), "."],
    [homedir(), "~"],
  ];
  let out = text;
  for (const [path, by] of replacements.filter(([p]) => p.length > 1).sort((a, b) => b[0].length - a[0].length)) out = out.split(path).join(by);
  return out;
}

/**
 * The manifest and pipeline file for the card's provenance. The manifest copy keeps only the data
 * steps and drops update times, so republishing an unchanged run uploads nothing; this machine's
 * paths are taken out of both.
 */
export async function provenanceFiles(run: RunFolder, pipelinePath?: string): Promise<ProvenanceFiles> {
  const manifest = await readManifest(run);
  const steps = Object.fromEntries(
    Object.entries(manifest.steps)
      .filter(([key]) => DATA_STEPS.has(key.split("@")[0]))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const versions: Record<string, string> = {};
  for (const record of Object.values(steps)) Object.assign(versions, record.versions);
  const copy = {
    format: manifest.format,
    run: basename(manifest.run),
    ...(manifest.pipeline ? { pipeline: basename(manifest.pipeline) } : {}),
    created_at: manifest.created_at,
    steps,
  };
  const files: Record<string, string> = { "provenance/manifest.json": withoutLocalPaths(`${JSON.stringify(copy, null, 2)}\n`, run.dir) };
  const source = pipelinePath ?? manifest.pipeline;
  if (source) {
    try {
      files[`provenance/${basename(source)}`] = withoutLocalPaths(await readFile(source, "utf8"), run.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return { files, steps, versions: Object.fromEntries(Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
