import { chmod, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../cli/run-cli.js";
import { makeTempDir } from "../../temp-dirs.js";
import { servedPipeline, writeServedPipeline } from "./served-pipeline.js";

const RUNGS = "node --import tsx /opt/rungs/src/cli.ts";
let savedPath: string | undefined;
let dir: string;
let bin: string;

/** A stand-in `sbatch` on PATH: logs its arguments, refuses partition "nope" as Slurm does, answers job ids from 101. */
async function fakeSbatch(): Promise<string> {
  const log = join(bin, "sbatch.log");
  const script = `#!/bin/bash
script="\${@: -1}"
if /bin/grep -q -- '--partition=nope' "$script"; then echo "sbatch: error: invalid partition specified: nope" >&2; echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2; exit 1; fi
if [ "$1" = "--test-only" ]; then echo "sbatch: Job 1 to start now" >&2; exit 0; fi
n=$(( $(/usr/bin/wc -l < "${log}" 2>/dev/null || echo 0) + 101 ))
echo "$n $*" >> "${log}"
echo "$n"
`;
  await writeFile(join(bin, "sbatch"), script);
  await chmod(join(bin, "sbatch"), 0o755);
  return log;
}

beforeEach(async () => {
  savedPath = process.env.PATH;
  dir = await makeTempDir("rungs-slurm-cmd-");
  bin = await makeTempDir("rungs-fake-bin-");
  // Only the fake bin folder: no real sbatch, squeue or scancel is found.
  process.env.PATH = bin;
});

afterEach(() => {
  process.env.PATH = savedPath;
});

describe("rungs slurm", () => {
  it("--dry-run prints the prepare, array and finish scripts; nothing is written or submitted", async () => {
    const runDir = join(dir, "run");
    const path = await writeServedPipeline(dir, "served", runDir);
    const { code, stdout } = await runCli(["slurm", path, "--tasks", "4", "--partition", "gpu", "--gpus-per-task", "8", "--time", "24:00:00", "--sbatch-arg=--qos=high", "--rungs", RUNGS, "--dry-run"]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        "#SBATCH --job-name=rungs-sample-served",
        "#SBATCH --array=1-4",
        `#SBATCH --output=${runDir}/slurm/logs/sample-%a.log`,
        "#SBATCH --open-mode=append",
        "#SBATCH --partition=gpu",
        "#SBATCH --time=24:00:00",
        "#SBATCH --ntasks=1",
        "#SBATCH --gpus-per-task=8",
        "#SBATCH --qos=high",
        "set -euo pipefail",
        `cd ${process.cwd()}`,
      ].join("\n"),
    );
    expect(stdout).toContain(`exec ${RUNGS} sample ${path} --run-dir ${runDir} --shard "$SLURM_ARRAY_TASK_ID/4" --serve\n`);
    expect(stdout).toContain(`exec ${RUNGS} pipeline ${path} --run-dir ${runDir} --steps ingest,curate\n`);
    expect(stdout).toContain(`#SBATCH --dependency=afterok:<sample array job id>\n`);
    expect(stdout).toContain(`exec ${RUNGS} pipeline ${path} --run-dir ${runDir} --steps grade,stage,stats,export,report\n`);
    // The prepare and finish jobs ask for no GPU.
    expect(stdout.match(/--gpus-per-task/g)).toHaveLength(1);
    expect(existsSync(runDir)).toBe(false);
  });

  it("submits prepare, then the array afterok on it, then the finish job afterok on the array, and keeps the job ids", async () => {
    const log = await fakeSbatch();
    const runDir = join(dir, "run");
    const path = await writeServedPipeline(dir, "served", runDir);
    const { code, stderr } = await runCli(["slurm", path, "--tasks", "3", "--rungs", RUNGS]);
    expect(stderr).toBe(
      `slurm: submitted prepare job 101, sampling array 102 (3 tasks, serving small-model, target-model), finish job 103\n  scripts and logs in ${runDir}/slurm/; follow with: rungs slurm status ${path}\n`,
    );
    expect(code).toBe(0);
    const slurm = join(runDir, "slurm");
    expect((await readFile(log, "utf8")).split("\n")).toEqual([
      `101 --parsable ${slurm}/prepare.sbatch`,
      `102 --parsable --dependency=afterok:101 ${slurm}/sample.sbatch`,
      `103 --parsable ${slurm}/finish.sbatch`,
      "",
    ]);
    expect(await readFile(join(slurm, "finish.sbatch"), "utf8")).toContain("#SBATCH --dependency=afterok:102\n");
    expect(JSON.parse(await readFile(join(slurm, "jobs.json"), "utf8"))).toMatchObject({ tasks: 3, submissions: [{ prepare: "101", array: "102", shards: [1, 2, 3], finish: "103" }] });
  });

  it("refuses bad input before anything is submitted", async () => {
    const runDir = join(dir, "run");
    const path = await writeServedPipeline(dir, "served", runDir);
    expect(await runCli(["slurm", path, "--tasks", "0", "--rungs", RUNGS])).toMatchObject({ code: 2, stderr: 'slurm: --tasks: expected an integer from 1 up, got "0"\n' });
    expect(await runCli(["slurm", path, "--rungs", RUNGS])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^slurm: --tasks N is required/) });

    const noSbatch = await runCli(["slurm", path, "--tasks", "2", "--rungs", RUNGS]);
    expect(noSbatch).toMatchObject({ code: 1, stderr: "slurm: sbatch is not on PATH: run this on a machine with Slurm's client commands (a login node), or use --dry-run to print the scripts\n" });

    const log = await fakeSbatch();
    const refused = await runCli(["slurm", path, "--tasks", "2", "--partition", "nope", "--rungs", RUNGS]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `slurm: sbatch --test-only ${runDir}/slurm/sample.sbatch failed: sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n`,
    );

    const noModel = servedPipeline("no-model", runDir);
    delete (noModel.models as { serve: { model?: string } }[])[1].serve.model;
    await writeFile(join(dir, "no-model.mjs"), `export default ${JSON.stringify(noModel)};\n`);
    const bad = await runCli(["slurm", join(dir, "no-model.mjs"), "--tasks", "2", "--rungs", RUNGS]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`pipeline: ${join(dir, "no-model.mjs")}: models[1] (target-model).serve.model: required, expected a non-empty string\n`);

    const noCommand = servedPipeline("no-command", runDir);
    delete (noCommand.models as { serve: { command?: string[] } }[])[0].serve.command;
    await writeFile(join(dir, "no-command.mjs"), `export default ${JSON.stringify(noCommand)};\n`);
    expect(await runCli(["slurm", join(dir, "no-command.mjs"), "--tasks", "2", "--rungs", RUNGS])).toMatchObject({
      code: 2,
      stderr: 'models[0] (small-model).serve.command: engine "command" needs the program and its arguments, e.g. ["my-server", "--port", "{port}"]\n',
    });
    expect(existsSync(log)).toBe(false);
  });

  it("status and resume need a run that was submitted", async () => {
    const path = await writeServedPipeline(dir, "served", join(dir, "run"));
    const { code, stderr } = await runCli(["slurm", "status", path]);
    expect(code).toBe(2);
    expect(stderr).toBe(`slurm: no Slurm run in ${join(dir, "run")} (no ${join(dir, "run", "slurm", "jobs.json")}); start one with rungs slurm <pipeline> --tasks N\n`);
  });
});
