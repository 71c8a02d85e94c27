import { readFile, rename, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import type { RunFolder } from "./run-folder.js";

export interface StepRecord {
  /** Hash of the step's configuration; a change re-runs the step. */
  config_hash: string;
  /** Hash of the step's inputs (e.g. the tables it read), when the step tracks it. */
  inputs_hash?: string;
  status: "done" | "failed" | "partial";
  /** Versions of the code that produced the outputs (rungs, verifiers, policies). */
  versions: Record<string, string>;
  counts: Record<string, number>;
  started_at: string;
  finished_at: string;
  seconds: number;
  /** Free-form details worth keeping (settings, per-model figures, the error of a failed run). */
  details?: Record<string, unknown>;
}

export interface Manifest {
  format: 1;
  run: string;
  pipeline?: string;
  created_at: string;
  updated_at: string;
  steps: Record<string, StepRecord>;
}

export async function readManifest(run: RunFolder): Promise<Manifest> {
  try {
    const text = await readFile(run.manifestPath, "utf8");
    return JSON.parse(text) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(`manifest: cannot read ${run.manifestPath}: ${(error as Error).message}`);
    }
    const now = new Date().toISOString();
    return { format: 1, run: run.dir, created_at: now, updated_at: now, steps: {} };
  }
}

async function writeManifest(run: RunFolder, manifest: Manifest): Promise<void> {
  const tmp = `${run.manifestPath}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, run.manifestPath);
}

let queue: Promise<unknown> = Promise.resolve();

/** Records one step's outcome (read-modify-write, serialised within the process, atomic on disk). */
export function recordStep(run: RunFolder, step: string, record: StepRecord, pipeline?: string): Promise<Manifest> {
  const next = queue.then(async () => {
    await run.ensure();
    const manifest = await readManifest(run);
    manifest.steps[step] = record;
    if (pipeline) manifest.pipeline = pipeline;
    manifest.updated_at = new Date().toISOString();
    await writeManifest(run, manifest);
    return manifest;
  });
  queue = next.catch(() => undefined);
  return next;
}
