import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { readManifest } from "../../core/manifest.js";
import type { RunFolder } from "../../core/run-folder.js";

/** Steps whose records describe how the published data was made; later steps (publish, stats, report) do not change it. */
const DATA_STEPS = new Set(["ingest", "curate", "sample", "grade", "stage", "export"]);

export interface ProvenanceFiles {
  /** Path in the publish folder → content. */
  files: Record<string, string>;
  /** Versions recorded by the data steps (rungs, verifiers, policy). */
  versions: Record<string, string>;
}

/**
 * The manifest and pipeline file for the card's provenance. The manifest copy keeps only the data
 * steps and drops local paths and update times, so republishing an unchanged run uploads nothing.
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
  const files: Record<string, string> = { "provenance/manifest.json": `${JSON.stringify(copy, null, 2)}\n` };
  const source = pipelinePath ?? manifest.pipeline;
  if (source) {
    try {
      files[`provenance/${basename(source)}`] = await readFile(source, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return { files, versions: Object.fromEntries(Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
