import { execFile } from "node:child_process";

/** A Slurm command failed or is missing; the message carries what Slurm said. */
export class SlurmError extends Error {
  override name = "SlurmError";
}

/** Output of one Slurm command. */
export interface SlurmOutput {
  stdout: string;
  stderr: string;
}

/** Runs a Slurm client program (`sbatch`, `squeue`, `scancel`); a missing program or a non-zero exit is a SlurmError with its stderr. */
export function runSlurm(program: string, args: readonly string[], { timeoutMs = 60_000 } = {}): Promise<SlurmOutput> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(new SlurmError(`slurm: ${program} is not on PATH: run this on a machine with Slurm's client commands (a login node), or use --dry-run to print the scripts`));
      }
      const said = `${stderr}${stdout}`.trim() || error.message;
      reject(new SlurmError(`slurm: ${program} ${args.join(" ")} failed: ${said}`));
    });
  });
}

/** `sbatch --parsable`: submits a script, returns the job id (without the `;cluster` suffix). */
export async function sbatch(script: string, options: readonly string[] = []): Promise<string> {
  const { stdout } = await runSlurm("sbatch", ["--parsable", ...options, script]);
  const id = stdout.trim().split(";")[0];
  if (!/^\d+$/.test(id)) throw new SlurmError(`slurm: sbatch answered ${JSON.stringify(stdout.trim())}, not a job id`);
  return id;
}

/** `sbatch --test-only`: Slurm checks a script (partition, limits, time) without submitting it; a SlurmError says why it refuses. */
export async function sbatchTestOnly(script: string, options: readonly string[] = []): Promise<void> {
  await runSlurm("sbatch", ["--test-only", ...options, script]);
}

/** One queued job or array task, as squeue shows it. */
export interface QueuedJob {
  /** `123` or `123_4` (array task). */
  id: string;
  /** PENDING, RUNNING, COMPLETING, … */
  state: string;
  /** Why it waits (Dependency, Resources, DependencyNeverSatisfied, …). */
  reason: string;
}

/** The queued jobs among `jobIds` (array tasks one per line). Jobs that have left the queue are not listed. */
export async function squeue(jobIds: readonly string[]): Promise<QueuedJob[]> {
  if (jobIds.length === 0) return [];
  let out: SlurmOutput;
  try {
    out = await runSlurm("squeue", ["-h", "-r", "-o", "%i|%T|%r", "-j", jobIds.join(",")]);
  } catch (error) {
    // squeue refuses a list in which every job has left the controller's memory: none is queued.
    if (/Invalid job id/i.test((error as Error).message)) return [];
    throw error;
  }
  return out.stdout
    .split("\n")
    .filter((line) => line.includes("|"))
    .map((line) => {
      const [id, state, reason] = line.trim().split("|");
      return { id, state, reason: reason === "None" ? "" : reason };
    });
}

/** `scancel` the given jobs or tasks. */
export async function scancel(jobIds: readonly string[]): Promise<void> {
  if (jobIds.length) await runSlurm("scancel", [...jobIds]);
}
