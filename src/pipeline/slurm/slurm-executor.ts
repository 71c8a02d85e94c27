import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../core/errors.js";
import { readManifest } from "../../core/manifest.js";
import { RunFolder } from "../../core/run-folder.js";
import { sbatch, sbatchTestOnly, scancel, squeue, type QueuedJob } from "../../engines/slurm/slurm-client.js";
import { stepKey } from "../run-step.js";
import { finishScript, jobLogPath, prepareScript, sampleScript, scriptPaths, shardLogPath, slurmDir, type SlurmPlan } from "./sbatch-scripts.js";
import { readJobs, writeJobs, type SlurmJobs, type SlurmSubmission } from "./slurm-jobs.js";

export type ShardState = "done" | "running" | "pending" | "failed" | "not submitted";

export interface ShardStatus {
  shard: number;
  state: ShardState;
  /** The array task that runs (or ran) it, e.g. `123_4`. */
  job?: string;
  /** Why it waits, or what its step record says went wrong. */
  detail?: string;
  /** Pending on a dependency that failed: it will never run. */
  blocked?: boolean;
  log: string;
}

export interface JobStatus {
  job: "prepare" | "finish";
  id?: string;
  state: "done" | "running" | "pending" | "failed" | "blocked" | "none";
  detail?: string;
  log: string;
}

export interface SlurmStatus {
  tasks: number;
  shards: ShardStatus[];
  prepare: JobStatus;
  finish: JobStatus;
}

/** The scripts of a plan: the finish job's dependency is the array's id once known. */
export function planScripts(plan: SlurmPlan, arrayDependency = "afterok:<sample array job id>"): { prepare: string; sample: string; finish: string } {
  return { prepare: prepareScript(plan), sample: sampleScript(plan), finish: finishScript(plan, arrayDependency) };
}

function queuedState(job: QueuedJob): { state: "running" | "pending" | "blocked"; detail?: string } {
  if (job.state === "RUNNING" || job.state === "COMPLETING" || job.state === "CONFIGURING") return { state: "running" };
  if (/DependencyNeverSatisfied/i.test(job.reason)) return { state: "blocked", detail: "its dependency failed; it will never run (rungs slurm resume replaces it)" };
  return { state: "pending", ...(job.reason ? { detail: job.reason } : {}) };
}

/** Each shard's state (step records first, then the queue), and the prepare and finish jobs'. */
export async function slurmStatus(runDir: string): Promise<SlurmStatus> {
  const jobs = await readJobs(runDir);
  if (!jobs) throw new UsageError(`slurm: no Slurm run in ${runDir} (no ${join(slurmDir(runDir), "jobs.json")}); start one with rungs slurm <pipeline> --tasks N`);
  return statusOf(runDir, jobs);
}

async function statusOf(runDir: string, jobs: SlurmJobs): Promise<SlurmStatus> {
  const records = (await readManifest(new RunFolder(runDir))).steps;
  const ids = jobs.submissions.flatMap((s) => [s.prepare, s.array, s.finish]).filter((id): id is string => Boolean(id));
  const queued = new Map((await squeue(ids)).map((q) => [q.id, q]));
  const shards: ShardStatus[] = [];
  for (let shard = 1; shard <= jobs.tasks; shard++) {
    const record = records[stepKey("sample", { shard: { index: shard - 1, count: jobs.tasks } })];
    const submission = jobs.submissions.findLast((s) => s.array && s.shards.includes(shard));
    const job = submission ? `${submission.array}_${shard}` : undefined;
    const log = shardLogPath(runDir, shard);
    // A pending array's tasks may still be listed together as `123_[2-4]`.
    const inQueue = job ? (queued.get(job) ?? [...queued.values()].find((q) => q.id.startsWith(`${submission!.array}_[`) && taskRange(q.id).includes(shard))) : undefined;
    if (record?.status === "done") shards.push({ shard, state: "done", job, log });
    else if (inQueue) {
      const { state, detail } = queuedState(inQueue);
      shards.push({ shard, state: state === "blocked" ? "pending" : state, job, ...(detail ? { detail } : {}), ...(state === "blocked" ? { blocked: true } : {}), log });
    } else if (job) shards.push({ shard, state: "failed", job, detail: record?.details?.error ? String(record.details.error) : "ended without finishing its shard; see its log", log });
    else shards.push({ shard, state: "not submitted", log });
  }
  const latest = jobs.submissions.at(-1);
  const prepareSubmission = jobs.submissions.findLast((s) => s.prepare);
  return {
    tasks: jobs.tasks,
    shards,
    prepare: jobStatus("prepare", prepareSubmission?.prepare, queued, records, "curate", runDir),
    finish: jobStatus("finish", latest?.finish, queued, records, "report", runDir, latest?.at),
  };
}

/** `123_[2-4,7]` → [2, 3, 4, 7]. */
function taskRange(id: string): number[] {
  const inside = /\[([^\]]*)\]/.exec(id)?.[1] ?? "";
  return inside.split(",").flatMap((part) => {
    const [a, b] = part.split("%")[0].split("-").map(Number);
    return Number.isInteger(a) ? Array.from({ length: (Number.isInteger(b) ? b : a) - a + 1 }, (_, i) => a + i) : [];
  });
}

function jobStatus(job: "prepare" | "finish", id: string | undefined, queued: Map<string, QueuedJob>, records: Record<string, { status: string; finished_at: string }>, lastStep: string, runDir: string, since?: string): JobStatus {
  const log = jobLogPath(runDir, job);
  if (!id) return { job, state: "none", log };
  const inQueue = queued.get(id);
  if (inQueue) return { job, id, ...queuedState(inQueue), log };
  const record = records[lastStep];
  const done = record?.status === "done" && (!since || record.finished_at >= since);
  return done ? { job, id, state: "done", log } : { job, id, state: "failed", detail: "ended without finishing its steps; see its log", log };
}

export interface SubmitOptions {
  /** Print nothing to Slurm; return the scripts. */
  dryRun?: boolean;
}

export interface SubmitResult {
  scripts: { prepare: string; sample: string; finish: string };
  submission?: SlurmSubmission;
}

/**
 * Writes the scripts into `<run>/slurm/` and submits them: the prepare job, the array (`afterok` on it), and
 * the finish job (`afterok` on the array). Slurm checks the array's script first (`sbatch --test-only`), so
 * a partition or limit it refuses stops everything before a job is queued.
 */
export async function submitSlurm(plan: SlurmPlan, { dryRun = false }: SubmitOptions = {}): Promise<SubmitResult> {
  if (!Number.isInteger(plan.tasks) || plan.tasks < 1) throw new UsageError(`slurm: --tasks: expected an integer from 1 up, got ${plan.tasks}`);
  if (dryRun) return { scripts: planScripts(plan) };
  const existing = await readJobs(plan.runDir);
  if (existing) {
    const status = await statusOf(plan.runDir, existing);
    const active = status.shards.filter((s) => s.state === "running" || s.state === "pending").length + (["running", "pending"].includes(status.finish.state) ? 1 : 0);
    if (active) throw new UsageError(`slurm: ${plan.runDir} has a Slurm run in the queue (${active} job${active === 1 ? "" : "s"}); see rungs slurm status, or scancel its jobs first`);
  }
  const paths = scriptPaths(plan.runDir);
  await mkdir(join(slurmDir(plan.runDir), "logs"), { recursive: true });
  await writeFile(paths.prepare, prepareScript(plan));
  await writeFile(paths.sample, sampleScript(plan));
  await sbatchTestOnly(paths.sample);
  const at = new Date().toISOString();
  const prepare = await sbatch(paths.prepare);
  const array = await sbatch(paths.sample, [`--dependency=afterok:${prepare}`]);
  const scripts = { prepare: prepareScript(plan), sample: sampleScript(plan), finish: finishScript(plan, `afterok:${array}`) };
  await writeFile(paths.finish, scripts.finish);
  const finish = await sbatch(paths.finish);
  const submission = { at, prepare, array, shards: Array.from({ length: plan.tasks }, (_, i) => i + 1), finish };
  // Earlier submissions of the same split stay listed (status finds each shard's latest task); another split starts afresh.
  const earlier = existing?.tasks === plan.tasks ? existing.submissions : [];
  await writeJobs(plan.runDir, { format: 1, pipeline: plan.pipelinePath, tasks: plan.tasks, submissions: [...earlier, submission] });
  return { scripts, submission };
}

export interface ResumeResult {
  /** Shards submitted again. */
  shards: number[];
  /** Shards still queued from before, which the new finish job waits for too. */
  waitingFor: number[];
  submission?: SlurmSubmission;
  /** Why nothing was submitted. */
  nothing?: string;
}

/**
 * Resubmits only the shards that are neither done nor queued (the same script, `--array=<those>`), replaces a
 * finish job that can no longer run, and submits one that waits for every shard still to finish.
 */
export async function resumeSlurm(runDir: string): Promise<ResumeResult> {
  const jobs = await readJobs(runDir);
  if (!jobs) throw new UsageError(`slurm: no Slurm run in ${runDir} (no ${join(slurmDir(runDir), "jobs.json")}); start one with rungs slurm <pipeline> --tasks N`);
  const status = await statusOf(runDir, jobs);
  // A task blocked behind a failed prepare job never runs: it is cancelled and submitted again.
  const blocked = status.shards.filter((s) => s.blocked);
  const again = status.shards.filter((s) => s.state === "failed" || s.state === "not submitted" || s.blocked).map((s) => s.shard);
  const active = status.shards.filter((s) => (s.state === "running" || s.state === "pending") && !s.blocked);
  if (again.length === 0 && (status.finish.state === "done" || status.finish.state === "running" || (status.finish.state === "pending" && active.length === 0))) {
    return { shards: [], waitingFor: active.map((s) => s.shard), nothing: `nothing to resume: every shard is done or queued, and the finish job is ${status.finish.state}` };
  }
  const paths = scriptPaths(runDir);
  const latest = jobs.submissions.at(-1)!;
  // The old finish job waits on an array that failed (or would run a second time): it goes.
  if (status.finish.state === "pending" || status.finish.state === "blocked") await scancel([latest.finish]);
  await scancel(blocked.map((s) => s.job!));
  const at = new Date().toISOString();
  let prepare: string | undefined;
  if ((status.prepare.state === "failed" || status.prepare.state === "blocked") && again.length) prepare = await sbatch(paths.prepare);
  const array = again.length ? await sbatch(paths.sample, [`--array=${again.join(",")}`, ...(prepare ? [`--dependency=afterok:${prepare}`] : [])]) : undefined;
  const waits = [...(array ? [array] : []), ...active.map((s) => s.job!)];
  await writeFile(paths.finish, withDependency(await readFile(paths.finish, "utf8").catch(() => undefined), waits.length ? `afterok:${waits.join(":")}` : undefined, paths.finish));
  const finish = await sbatch(paths.finish);
  const submission: SlurmSubmission = { at, ...(prepare ? { prepare } : {}), ...(array ? { array } : {}), shards: again, finish };
  await writeJobs(runDir, { ...jobs, submissions: [...jobs.submissions, submission] });
  return { shards: again, waitingFor: active.map((s) => s.shard), submission };
}

/** The finish script as it is (the user may have edited it), its dependency line replaced, or removed when nothing is left to wait for. */
function withDependency(script: string | undefined, dependency: string | undefined, path: string): string {
  if (script === undefined) throw new UsageError(`slurm: ${path} is missing; run rungs slurm <pipeline> --tasks N again`);
  const line = /^#SBATCH --dependency=.*\n/m;
  if (dependency === undefined) return script.replace(line, "");
  if (line.test(script)) return script.replace(line, `#SBATCH --dependency=${dependency}\n`);
  // No dependency line (nothing was left to wait for last time): it goes after the job name.
  return script.replace(/^(#SBATCH --job-name=.*\n)/m, `$1#SBATCH --dependency=${dependency}\n`);
}
