import { realpathSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import { logTail } from "../engines/serve/log-tail.js";
import { servedModels } from "../engines/serve/serve-models.js";
import { loadResolvedPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { FINISH_STEPS, PREPARE_STEPS, type SlurmPlan } from "../pipeline/slurm/sbatch-scripts.js";
import { resumeSlurm, slurmStatus, submitSlurm, type SlurmStatus } from "../pipeline/slurm/slurm-executor.js";
import { formatHelp, type Command } from "./command.js";
import { parseCommandArgs } from "./step-command.js";

const SUMMARY = "Run a pipeline on a Slurm cluster: an sbatch array of sampling shards, then a job for the steps after.";

const HELP = formatHelp(
  "rungs slurm <pipeline> --tasks N [options] | rungs slurm status <pipeline> | rungs slurm resume <pipeline>",
  SUMMARY,
  [
    { flag: "--tasks N", text: "array tasks = shards of sampling (task i runs rungs sample --shard i/N)" },
    { flag: "--partition P", text: "Slurm partition (default: the cluster's default)" },
    { flag: "--gpus-per-task G", text: "GPUs of each array task (its node's servers share them)" },
    { flag: "--cpus-per-task C", text: "CPUs of each job" },
    { flag: "--time T", text: "time limit of each job (e.g. 24:00:00)" },
    { flag: "--mem M", text: "memory of each job (e.g. 64G)" },
    { flag: "--account A", text: "Slurm account" },
    { flag: "--sbatch-arg OPT", text: "another #SBATCH option, as is (repeatable; e.g. --sbatch-arg=--qos=high)" },
    { flag: "--rungs CMD", text: "how the nodes run rungs (default: the way this rungs was started)" },
    { flag: "--dry-run", text: "print the scripts; submit nothing" },
    { flag: "--run-dir DIR", text: "run folder, on storage every node sees (default: the pipeline's)" },
    { flag: "-h, --help", text: "show this help" },
  ],
  [
    `Jobs: prepare (${PREPARE_STEPS.join(", ")}) → the array (sample; --serve when models have serve blocks) → finish (${FINISH_STEPS.join(", ")}), each afterok on the one before.`,
    "The scripts, job ids and logs are in <run folder>/slurm/: plain sbatch files you can read, edit and submit by hand.",
    "status: each shard pending, running, done or failed, with its log. resume: resubmits only the shards not done, and the finish job.",
  ].join("\n"),
);

const OPTIONS = {
  tasks: { type: "string" },
  partition: { type: "string" },
  "gpus-per-task": { type: "string" },
  "cpus-per-task": { type: "string" },
  time: { type: "string" },
  mem: { type: "string" },
  account: { type: "string" },
  "sbatch-arg": { type: "string", multiple: true },
  rungs: { type: "string" },
  "dry-run": { type: "boolean" },
  "run-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function count(value: unknown, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(typeof value === "string" && /^\d+$/.test(value.trim()) && n >= min)) throw new UsageError(`slurm: ${flag}: expected an integer from ${min} up, got ${JSON.stringify(value)}`);
  return n;
}

/** How this rungs was started (`node dist/src/cli.js`, or node with tsx's loader on src/cli.ts), for the nodes to run it the same way. */
function thisRungs(): string[] {
  const script = process.argv[1] ? realpathSync(process.argv[1]) : undefined;
  if (!script) throw new UsageError("slurm: cannot tell how rungs was started; give --rungs CMD");
  return [process.execPath, ...process.execArgv, script];
}

/** The last lines of a failed shard's log, indented under it. */
async function tails(status: SlurmStatus): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const s of status.shards.filter((x) => x.state === "failed")) {
    const text = await logTail(s.log, 0, 3);
    if (text) out.set(s.shard, text.replace(/^/gm, "      | "));
  }
  return out;
}

function formatStatus(status: SlurmStatus, logTails = new Map<number, string>()): string {
  const lines = [`slurm: ${status.tasks} shards: ${(["done", "running", "pending", "failed", "not submitted"] as const).map((s) => `${status.shards.filter((x) => x.state === s).length} ${s}`).join(", ")}`];
  lines.push(`  prepare  ${status.prepare.state}${status.prepare.id ? ` (job ${status.prepare.id})` : ""}${status.prepare.detail ? `: ${status.prepare.detail}` : ""}  log ${status.prepare.log}`);
  for (const s of status.shards) {
    lines.push(`  shard ${String(s.shard).padEnd(3)} ${s.state}${s.job ? ` (job ${s.job})` : ""}${s.detail ? `: ${s.detail}` : ""}  log ${s.log}`);
    if (logTails.has(s.shard)) lines.push(logTails.get(s.shard)!);
  }
  lines.push(`  finish   ${status.finish.state}${status.finish.id ? ` (job ${status.finish.id})` : ""}${status.finish.detail ? `: ${status.finish.detail}` : ""}  log ${status.finish.log}`);
  return `${lines.join("\n")}\n`;
}

export const slurmCommand: Command = {
  summary: SUMMARY,
  async run(argv) {
    const { values, positionals } = await parseCommandArgs("slurm", argv, OPTIONS);
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const sub = positionals[0] === "status" || positionals[0] === "resume" ? positionals[0] : undefined;
    const names = sub ? positionals.slice(1) : positionals;
    if (names.length !== 1) throw new UsageError(`slurm: expected one pipeline (a name in pipelines/ or a file), got ${names.length}\n\n${HELP}`);
    if (sub) {
      for (const flag of Object.keys(values)) if (flag !== "run-dir") throw new UsageError(`slurm ${sub}: --${flag} is an option of rungs slurm <pipeline>, not of rungs slurm ${sub}`);
    } else if (values.tasks === undefined) throw new UsageError(`slurm: --tasks N is required (the number of sampling shards)\n\n${HELP}`);
    // Every mistake in the pipeline (and in its serve blocks) fails here, before anything is written or submitted.
    const { path, pipeline } = await loadResolvedPipeline(names[0], {});
    const runDir = runDirOf(pipeline, values["run-dir"] as string | undefined);
    if (sub === "status") {
      const status = await slurmStatus(runDir);
      process.stdout.write(formatStatus(status, await tails(status)));
      return 0;
    }
    if (sub === "resume") {
      const result = await resumeSlurm(runDir);
      if (result.nothing) process.stderr.write(`slurm: ${result.nothing}\n`);
      else
        process.stderr.write(
          `slurm: resubmitted ${result.shards.length ? `shards ${result.shards.join(", ")} (array job ${result.submission!.array})` : "no shard"}${result.waitingFor.length ? `; still queued from before: ${result.waitingFor.join(", ")}` : ""}; finish job ${result.submission!.finish}\n`,
        );
      return 0;
    }
    const served = servedModels(pipeline.models ?? []);
    const plan: SlurmPlan = {
      name: pipeline.name,
      pipelinePath: path,
      runDir,
      workDir: process.cwd(),
      tasks: count(values.tasks, "--tasks", 1)!,
      rungs: values.rungs ? (values.rungs as string).trim().split(/\s+/) : thisRungs(),
      serve: served.length > 0,
      resources: {
        partition: values.partition as string | undefined,
        gpusPerTask: count(values["gpus-per-task"], "--gpus-per-task", 0),
        cpusPerTask: count(values["cpus-per-task"], "--cpus-per-task", 1),
        time: values.time as string | undefined,
        mem: values.mem as string | undefined,
        account: values.account as string | undefined,
        extra: values["sbatch-arg"] as string[] | undefined,
      },
      prepareSteps: PREPARE_STEPS,
      finishSteps: FINISH_STEPS,
    };
    const { scripts, submission } = await submitSlurm(plan, { dryRun: Boolean(values["dry-run"]) });
    if (!submission) {
      process.stdout.write(`# ---- prepare.sbatch\n${scripts.prepare}\n# ---- sample.sbatch (submitted with --dependency=afterok:<prepare job id>)\n${scripts.sample}\n# ---- finish.sbatch\n${scripts.finish}`);
      return 0;
    }
    process.stderr.write(
      `slurm: submitted prepare job ${submission.prepare}, sampling array ${submission.array} (${plan.tasks} tasks${plan.serve ? `, serving ${served.map((m) => m.id).join(", ")}` : ""}), finish job ${submission.finish}\n` +
        `  scripts and logs in ${runDir}/slurm/; follow with: rungs slurm status ${names[0]}${values["run-dir"] ? ` --run-dir ${runDir}` : ""}\n`,
    );
    return 0;
  },
};
