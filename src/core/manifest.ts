import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-file.js";
import { stepRecordSchema, type StepRecordFile } from "../../schemas/step-record.js";
import type { RunFolder } from "./run-folder.js";

/** One step's outcome, as runStep records it (the file adds `format`, `step` and `pipeline`). */
export type StepRecord = Omit<StepRecordFile, "format" | "step" | "pipeline">;

/** The run's records merged: `steps/*.json` over the legacy `manifest.json` of older runs. */
export interface Manifest {
  format: 1;
  run: string;
  pipeline?: string;
  created_at: string;
  updated_at: string;
  steps: Record<string, StepRecord>;
}

/** Where a step's (or shard's) record lives: `<run>/steps/sample@shard-2-of-4.json`. */
export function stepRecordPath(run: RunFolder, step: string): string {
  return run.path("steps", `${step}.json`);
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`manifest: cannot read ${path}: ${(error as Error).message}`);
  }
}

async function readStepRecords(run: RunFolder): Promise<StepRecordFile[]> {
  const dir = run.path("steps");
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? [] : Promise.reject(error)));
  const records: StepRecordFile[] = [];
  // Hidden names are temp files of a write in progress.
  for (const name of names.filter((n) => n.endsWith(".json") && !n.startsWith(".")).sort()) {
    const path = join(dir, name);
    const parsed = stepRecordSchema.safeParse(await readJson(path));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`manifest: ${path}: ${issue.path.join(".") || "record"}: ${issue.message}`);
    }
    if (parsed.data) records.push(parsed.data);
  }
  return records;
}

/**
 * The run's step records. Each step (and shard) has its own file; a run made before those files
 * existed keeps its records in `manifest.json`, read as the base (a record file wins over it).
 */
export async function readManifest(run: RunFolder): Promise<Manifest> {
  const legacy = (await readJson(run.manifestPath)) as Partial<Manifest> | undefined;
  const steps: Record<string, StepRecord> = { ...legacy?.steps };
  let pipeline = legacy?.pipeline;
  let latest = "";
  for (const { format: _f, step, pipeline: from, ...record } of await readStepRecords(run)) {
    steps[step] = record;
    if (from && record.finished_at >= latest) [pipeline, latest] = [from, record.finished_at];
  }
  const starts = Object.values(steps).map((s) => s.started_at).sort();
  const ends = Object.values(steps).map((s) => s.finished_at).sort();
  const now = new Date().toISOString();
  return {
    format: 1,
    run: run.dir,
    ...(pipeline ? { pipeline } : {}),
    created_at: legacy?.created_at ?? starts[0] ?? now,
    updated_at: ends.at(-1) ?? legacy?.updated_at ?? now,
    steps,
  };
}

function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

let summaries: Promise<unknown> = Promise.resolve();

/**
 * Records one step's outcome in its own file: writers of other steps and shards, in this process or
 * on other machines, cannot lose it. `manifest.json` is then rewritten as a summary of all records
 * for people and older tools; it may lag behind concurrent writers, readers never rely on it.
 */
export async function recordStep(run: RunFolder, step: string, record: StepRecord, pipeline?: string): Promise<Manifest> {
  const file: StepRecordFile = { format: 1, step, ...(pipeline ? { pipeline } : {}), ...record };
  await mkdir(run.path("steps"), { recursive: true });
  await writeJsonAtomic(stepRecordPath(run, step), file);
  const next = summaries.then(async () => {
    const manifest = await readManifest(run);
    await writeJsonAtomic(run.manifestPath, manifest);
    return manifest;
  });
  summaries = next.catch(() => undefined);
  return next;
}
