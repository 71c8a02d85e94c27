import { join } from "node:path";
import { shellQuote } from "../../engines/serve/server-command.js";

/** What the jobs ask Slurm for; each set field becomes an `#SBATCH` line. */
export interface SbatchResources {
  partition?: string;
  /** GPUs of each array task (the sampling node's servers share them). */
  gpusPerTask?: number;
  cpusPerTask?: number;
  /** Time limit, as Slurm takes it (`4:00:00`, `2-00:00:00`). */
  time?: string;
  mem?: string;
  account?: string;
  /** More `#SBATCH` options, as they are (`--qos=high`). */
  extra?: string[];
}

export interface SlurmPlan {
  /** The pipeline's name (job names). */
  name: string;
  /** Absolute path of the pipeline file. */
  pipelinePath: string;
  /** Absolute run folder, on storage every node sees. */
  runDir: string;
  /** Folder the jobs run in (where the pipeline's relative paths start). */
  workDir: string;
  /** Array tasks = shards. */
  tasks: number;
  /** How a node runs rungs (program and its first arguments). */
  rungs: string[];
  /** Whether sampling starts servers from serve blocks (`--serve`). */
  serve: boolean;
  resources: SbatchResources;
  /** Steps of the job before the array (the problems every shard reads). */
  prepareSteps: string[];
  /** Steps of the job after the array. */
  finishSteps: string[];
}

export const PREPARE_STEPS = ["ingest", "curate"];
export const FINISH_STEPS = ["grade", "stage", "stats", "export", "report"];

/** Where the executor keeps its scripts, job ids and logs: `<run>/slurm/`. */
export function slurmDir(runDir: string): string {
  return join(runDir, "slurm");
}

export function scriptPaths(runDir: string): { prepare: string; sample: string; finish: string } {
  const dir = slurmDir(runDir);
  return { prepare: join(dir, "prepare.sbatch"), sample: join(dir, "sample.sbatch"), finish: join(dir, "finish.sbatch") };
}

/** A shard's log (every attempt appends to it): `<run>/slurm/logs/sample-<i>.log`. */
export function shardLogPath(runDir: string, shard: number): string {
  return join(slurmDir(runDir), "logs", `sample-${shard}.log`);
}

export function jobLogPath(runDir: string, job: "prepare" | "finish"): string {
  return join(slurmDir(runDir), "logs", `${job}.log`);
}

function resourceLines({ partition, gpusPerTask, cpusPerTask, time, mem, account, extra = [] }: SbatchResources): string[] {
  return [
    ...(partition ? [`--partition=${partition}`] : []),
    ...(account ? [`--account=${account}`] : []),
    ...(time ? [`--time=${time}`] : []),
    "--ntasks=1",
    ...(cpusPerTask ? [`--cpus-per-task=${cpusPerTask}`] : []),
    ...(gpusPerTask ? [`--gpus-per-task=${gpusPerTask}`] : []),
    ...(mem ? [`--mem=${mem}`] : []),
    ...extra,
  ].map((option) => `#SBATCH ${option}`);
}

function header(plan: SlurmPlan, what: string, directives: string[], resources: SbatchResources): string[] {
  return [
    "#!/bin/bash",
    `# rungs: ${what}`,
    `# pipeline ${plan.pipelinePath}, run folder ${plan.runDir}.`,
    "# Written by `rungs slurm`: a plain sbatch file, yours to read, edit and submit by hand.",
    ...directives.map((d) => `#SBATCH ${d}`),
    ...resourceLines(resources),
    "set -euo pipefail",
    `cd ${shellQuote([plan.workDir])}`,
  ];
}

const stamp = 'echo "rungs: $(date -u +%Y-%m-%dT%H:%M:%SZ) job ${SLURM_JOB_ID} on $(hostname)';

/** The job before the array: the steps that make the problems every shard samples. */
export function prepareScript(plan: SlurmPlan): string {
  return [
    ...header(plan, `${plan.prepareSteps.join(", ")} (before the sampling array)`, [`--job-name=rungs-prepare-${plan.name}`, `--output=${jobLogPath(plan.runDir, "prepare")}`, "--open-mode=append"], {
      ...plan.resources,
      gpusPerTask: undefined,
    }),
    `${stamp}: ${plan.prepareSteps.join(", ")}"`,
    `exec ${shellQuote([...plan.rungs, "pipeline", plan.pipelinePath, "--run-dir", plan.runDir, "--steps", plan.prepareSteps.join(",")])}`,
    "",
  ].join("\n");
}

/**
 * The array: task i samples shard i of N into the one run folder; with `--serve` it starts this node's
 * servers from the serve blocks first and stops them after. `--array` on sbatch's command line (resume) wins.
 */
export function sampleScript(plan: SlurmPlan): string {
  const shard = `"$SLURM_ARRAY_TASK_ID/${plan.tasks}"`;
  const command = `${shellQuote([...plan.rungs, "sample", plan.pipelinePath, "--run-dir", plan.runDir])} --shard ${shard}${plan.serve ? " --serve" : ""}`;
  return [
    ...header(
      plan,
      `sample shard $SLURM_ARRAY_TASK_ID of ${plan.tasks}${plan.serve ? ", with this node's model servers from the serve blocks" : ""}`,
      [`--job-name=rungs-sample-${plan.name}`, `--array=1-${plan.tasks}`, `--output=${join(slurmDir(plan.runDir), "logs", "sample-%a.log")}`, "--open-mode=append"],
      plan.resources,
    ),
    `${stamp}: sample shard $SLURM_ARRAY_TASK_ID/${plan.tasks}"`,
    `exec ${command}`,
    "",
  ].join("\n");
}

/** The job after the array (`afterok` on it): grade → stage → stats → export → report, once. */
export function finishScript(plan: SlurmPlan, dependency: string): string {
  return [
    ...header(
      plan,
      `${plan.finishSteps.join(" → ")}, once every sampling shard has finished`,
      [`--job-name=rungs-finish-${plan.name}`, `--dependency=${dependency}`, `--output=${jobLogPath(plan.runDir, "finish")}`, "--open-mode=append"],
      { ...plan.resources, gpusPerTask: undefined },
    ),
    `${stamp}: ${plan.finishSteps.join(", ")}"`,
    `exec ${shellQuote([...plan.rungs, "pipeline", plan.pipelinePath, "--run-dir", plan.runDir, "--steps", plan.finishSteps.join(",")])}`,
    "",
  ].join("\n");
}
