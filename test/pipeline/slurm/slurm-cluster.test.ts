import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDuckDB, queryRows, sqlString } from "../../../src/core/duckdb.js";
import { slurmStatus, type SlurmStatus } from "../../../src/pipeline/slurm/slurm-executor.js";
import { readJobs } from "../../../src/pipeline/slurm/slurm-jobs.js";
import { runCli } from "../../cli/run-cli.js";
import { makeTempDir } from "../../temp-dirs.js";
import { RUNGS_ARGV } from "../../engines/serve/sim-command.js";
import { servedPipeline, writeServedPipeline } from "./served-pipeline.js";

/** A Slurm cluster answers here (scripts/setup-slurm.sh starts a one-node one; CI runs it in setup). */
function slurmUp(): boolean {
  try {
    return /idle|mixed|allocated|completing/.test(execFileSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8", timeout: 10_000 }));
  } catch {
    return false;
  }
}

const UP = slurmUp();
const jobsToCancel: string[] = [];

afterAll(() => {
  // Whatever a failed run left queued; finished jobs are no error (scancel says so on stderr, or exits non-zero once they are forgotten).
  try {
    if (jobsToCancel.length) execFileSync("scancel", jobsToCancel, { stdio: "ignore" });
  } catch {
    // nothing left to cancel
  }
});

async function waitFor(runDir: string, done: (s: SlurmStatus) => boolean, what: string, timeoutMs = 150_000): Promise<SlurmStatus> {
  const deadline = Date.now() + timeoutMs;
  let status = await slurmStatus(runDir);
  while (!done(status)) {
    if (Date.now() > deadline) throw new Error(`slurm test: gave up waiting for ${what}; last status ${JSON.stringify(status, null, 1)}`);
    await new Promise((r) => setTimeout(r, 1000));
    status = await slurmStatus(runDir);
  }
  return status;
}

/** What must equal between two runs: rollouts (without timings and endpoints), difficulty, levels, and the exported rows. */
async function tables(runDir: string): Promise<Record<string, unknown[]>> {
  const db = await openDuckDB();
  const read = (glob: string, columns = "*", order = "1, 2, 3") => queryRows(db, `SELECT ${columns} FROM read_parquet(${sqlString(join(runDir, glob))}) ORDER BY ${order}`);
  try {
    return {
      rollouts: await read("rollouts/**/*.parquet", "problem_id, model, sample_index, completion_sha256, completion_tokens, finish_reason, score, verdict, seed"),
      difficulty: await read("difficulty/*.parquet"),
      staged: await read("staged/**/*.parquet", "*", "ALL"),
      verl: await read("export/verl/*/train.parquet", "*", "ALL"),
    };
  } finally {
    db.closeSync();
  }
}

describe.skipIf(!UP && !process.env.CI)("rungs slurm on a real one-node Slurm cluster", () => {
  it("runs an array of 4 sampling shards with servers from the serve blocks; a cancelled shard is resubmitted by resume; the finish job runs once; the tables equal a one-process run", async () => {
    if (!UP) throw new Error("slurm test: no Slurm cluster answers sinfo; start one with bash scripts/setup-slurm.sh (CI's setup runs it)");
    const dir = await makeTempDir("rungs-slurm-");
    const runDir = join(dir, "run");
    const path = await writeServedPipeline(dir, "served", runDir);

    // A partition this cluster does not have: Slurm's own words, and nothing queued.
    const refused = await runCli(["slurm", path, "--tasks", "4", "--partition", "nope", "--rungs", RUNGS_ARGV.join(" ")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^slurm: sbatch --test-only .*sample\.sbatch failed: .*Invalid partition name specified\n$/s);
    expect(await readJobs(runDir)).toBeUndefined();

    const submitted = await runCli(["slurm", path, "--tasks", "4", "--rungs", RUNGS_ARGV.join(" ")]);
    expect(submitted.stderr).toMatch(/^slurm: submitted prepare job \d+, sampling array \d+ \(4 tasks, serving small-model, target-model\), finish job \d+\n/);
    expect(submitted.code).toBe(0);
    const first = (await readJobs(runDir))!.submissions[0];
    jobsToCancel.push(first.prepare!, first.array!, first.finish);
    // Shard 4 waits behind the prepare job: cancelling it now is a shard that never ran.
    execFileSync("scancel", [`${first.array}_4`]);

    // One-process run of the same pipeline (in-process simulated servers) while the cluster works.
    const baseDir = join(dir, "one-process");
    const basePath = join(dir, "one-process.mjs");
    const base = servedPipeline("one-process", baseDir);
    base.models = (base.models as { id: string; serve: { command: string[] } }[]).map((m) => ({ id: m.id, endpoints: ["sim://"], sim: { skill: Number(m.serve.command.at(-5)!.split("=")[1]) } }));
    await writeFile(basePath, `export default ${JSON.stringify(base)};\n`);
    const one = await runCli(["pipeline", basePath, "--steps", "ingest,curate,sample,grade,stage,stats,export"]);
    expect(one.code, one.stderr).toBe(0);

    let status = await waitFor(runDir, (s) => s.shards.filter((x) => x.state === "done").length === 3 && s.shards[3].state === "failed", "shards 1-3 done, shard 4 failed");
    expect(status.shards[3]).toMatchObject({ shard: 4, state: "failed", job: `${first.array}_4` });
    expect(["pending", "blocked", "failed"]).toContain(status.finish.state);

    const resumed = await runCli(["slurm", "resume", path]);
    expect(resumed.stderr).toMatch(/^slurm: resubmitted shards 4 \(array job \d+\); finish job \d+\n$/);
    const second = (await readJobs(runDir))!.submissions[1];
    jobsToCancel.push(second.array!, second.finish);
    status = await waitFor(runDir, (s) => s.finish.state === "done" || s.finish.state === "failed", "the finish job");
    expect(status.finish.state).toBe("done");
    expect(status.shards.map((s) => s.state)).toEqual(["done", "done", "done", "done"]);

    const listed = await runCli(["slurm", "status", path]);
    expect(listed.stdout).toMatch(/^slurm: 4 shards: 4 done, 0 running, 0 pending, 0 failed, 0 not submitted\n/);
    expect(listed.stdout).toContain(`  shard 4   done (job ${second.array}_4)  log ${join(runDir, "slurm", "logs", "sample-4.log")}`);

    // The finish job ran once: one start line in its log, and the first one (blocked by the cancelled shard) was replaced.
    const finishLog = await readFile(join(runDir, "slurm", "logs", "finish.log"), "utf8");
    expect(finishLog.match(/: grade, stage, stats, export, report"?\n/g)).toHaveLength(1);
    expect(finishLog).toContain("pipeline served: finished");
    const shardLog = await readFile(join(runDir, "slurm", "logs", "sample-2.log"), "utf8");
    expect(shardLog).toMatch(/serve: small-model: ready at http:\/\/127\.0\.0\.1:\d+\/v1[^]*sample: done[^]*serve: small-model: stopped/);

    const [cluster, single] = [await tables(runDir), await tables(baseDir)];
    expect(cluster.rollouts).toHaveLength(110 * 2 * 4);
    for (const table of Object.keys(single)) expect(cluster[table], table).toEqual(single[table]);
    // No server outlived its shard.
    expect(execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })).not.toContain(`--problems ${runDir}`);
  }, 240_000);
});
