import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../../core/atomic-file.js";
import { InputError } from "../../core/errors.js";
import { slurmDir } from "./sbatch-scripts.js";

/** One `rungs slurm` submission (the first, or a resume). */
export interface SlurmSubmission {
  at: string;
  /** The job before the array, when this submission has one. */
  prepare?: string;
  /** The array's job id. */
  array?: string;
  /** Shards (1-based array indices) this array runs. */
  shards: number[];
  /** The job after the array. */
  finish: string;
}

/** What `<run>/slurm/jobs.json` keeps: enough for `rungs slurm status` and `resume`. */
export interface SlurmJobs {
  format: 1;
  pipeline: string;
  tasks: number;
  submissions: SlurmSubmission[];
}

export function jobsPath(runDir: string): string {
  return join(slurmDir(runDir), "jobs.json");
}

export async function readJobs(runDir: string): Promise<SlurmJobs | undefined> {
  const path = jobsPath(runDir);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const jobs = JSON.parse(text) as SlurmJobs;
    if (jobs.format !== 1 || !Number.isInteger(jobs.tasks) || !Array.isArray(jobs.submissions)) throw new Error("not a rungs Slurm job list");
    return jobs;
  } catch (error) {
    throw new InputError(`slurm: ${path}: ${(error as Error).message}`, path);
  }
}

export async function writeJobs(runDir: string, jobs: SlurmJobs): Promise<void> {
  await writeFileAtomic(jobsPath(runDir), `${JSON.stringify(jobs, null, 2)}\n`);
}
