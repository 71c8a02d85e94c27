import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordStep } from "../../../src/core/manifest.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { resumeSlurm, slurmStatus } from "../../../src/pipeline/slurm/slurm-executor.js";
import { writeJobs } from "../../../src/pipeline/slurm/slurm-jobs.js";
import { makeTempDir } from "../../temp-dirs.js";
import { runCli } from "../../cli/run-cli.js";

let savedPath: string | undefined;
let bin: string;
let runDir: string;

/** Stand-ins for sbatch (job ids from 101), squeue (lists queue.txt) and scancel, each logging its arguments. */
async function fakeSlurm(queue: string[]): Promise<void> {
  await writeFile(join(bin, "queue.txt"), queue.map((l) => `${l}\n`).join(""));
  const programs = {
    sbatch: `n=$(( $(/usr/bin/wc -l < "${bin}/sbatch.log" 2>/dev/null || echo 0) + 101 ))\necho "$n $*" >> "${bin}/sbatch.log"\necho "$n"`,
    squeue: `/bin/cat "${bin}/queue.txt"`,
    scancel: `echo "$*" >> "${bin}/scancel.log"`,
  };
  for (const [name, body] of Object.entries(programs)) {
    await writeFile(join(bin, name), `#!/bin/bash\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  }
}

const record = (status: "done" | "failed") => ({ status, config_hash: "h", started_at: "2026-01-01T00:00:00.000Z", finished_at: "2026-01-01T00:01:00.000Z", seconds: 60, counts: {}, versions: {} });

beforeEach(async () => {
  savedPath = process.env.PATH;
  bin = await makeTempDir("rungs-fake-slurm-");
  runDir = await makeTempDir("rungs-resume-");
  process.env.PATH = bin;
  await mkdir(join(runDir, "slurm"), { recursive: true });
  await writeFile(join(runDir, "slurm", "sample.sbatch"), "#!/bin/bash\n#SBATCH --array=1-3\n");
  await writeFile(join(runDir, "slurm", "prepare.sbatch"), "#!/bin/bash\n");
  await writeFile(join(runDir, "slurm", "finish.sbatch"), "#!/bin/bash\n#SBATCH --job-name=rungs-finish-p\n#SBATCH --dependency=afterok:51\n#SBATCH --output=x\nexec rungs pipeline p\n");
  await writeJobs(runDir, { format: 1, pipeline: "/p.mjs", tasks: 3, submissions: [{ at: "2026-01-01T00:00:00.000Z", prepare: "50", array: "51", shards: [1, 2, 3], finish: "52" }] });
});

afterEach(() => {
  process.env.PATH = savedPath;
});

describe("rungs slurm status and resume", () => {
  it("a shard done, one running, one cancelled: resume resubmits only the cancelled one, and the new finish job waits for the running one too", async () => {
    await recordStep(new RunFolder(runDir), "sample@shard-1-of-3", record("done"));
    await recordStep(new RunFolder(runDir), "curate", record("done"));
    await fakeSlurm(["51_2|RUNNING|None", "52|PENDING|Dependency"]);
    const status = await slurmStatus(runDir);
    expect(status.shards.map((s) => [s.shard, s.state, s.job])).toEqual([
      [1, "done", "51_1"],
      [2, "running", "51_2"],
      [3, "failed", "51_3"],
    ]);
    expect(status.shards[2].log).toBe(join(runDir, "slurm", "logs", "sample-3.log"));
    await mkdir(join(runDir, "slurm", "logs"), { recursive: true });
    await writeFile(status.shards[2].log, "rungs: job 51 on node7: sample shard 3/3\nslurmstepd: error: *** JOB 51 ON node7 CANCELLED ***\n");
    await writeFile(join(runDir, "p.mjs"), `export default ${JSON.stringify({ name: "p", sources: [] })};\n`);
    const listed = await runCli(["slurm", "status", join(runDir, "p.mjs"), "--run-dir", runDir]);
    expect(listed.stderr).toBe("");
    expect(listed.stdout).toContain(`  shard 3   failed (job 51_3): ended without finishing its shard; see its log  log ${status.shards[2].log}\n      | rungs: job 51 on node7: sample shard 3/3\n      | slurmstepd: error: *** JOB 51 ON node7 CANCELLED ***\n`);
    expect(status.prepare.state).toBe("done");
    expect(status.finish).toMatchObject({ id: "52", state: "pending", detail: "Dependency" });

    const resumed = await resumeSlurm(runDir);
    expect(resumed).toMatchObject({ shards: [3], waitingFor: [2] });
    expect(await readFile(join(bin, "scancel.log"), "utf8")).toBe("52\n");
    expect((await readFile(join(bin, "sbatch.log"), "utf8")).split("\n")).toEqual([`101 --parsable --array=3 ${runDir}/slurm/sample.sbatch`, `102 --parsable ${runDir}/slurm/finish.sbatch`, ""]);
    expect(await readFile(join(runDir, "slurm", "finish.sbatch"), "utf8")).toContain("#SBATCH --dependency=afterok:101:51_2\n");
  });

  it("tasks blocked behind a failed prepare job are cancelled; prepare, the array and finish are submitted again", async () => {
    await recordStep(new RunFolder(runDir), "curate", record("failed"));
    await fakeSlurm(["51_1|PENDING|DependencyNeverSatisfied", "51_2|PENDING|DependencyNeverSatisfied", "51_3|PENDING|DependencyNeverSatisfied", "52|PENDING|Dependency"]);
    const status = await slurmStatus(runDir);
    expect(status.prepare).toMatchObject({ state: "failed", id: "50" });
    expect(status.shards.map((s) => s.detail)).toEqual(Array(3).fill("its dependency failed; it will never run (rungs slurm resume replaces it)"));

    expect(await resumeSlurm(runDir)).toMatchObject({ shards: [1, 2, 3], waitingFor: [] });
    expect(await readFile(join(bin, "scancel.log"), "utf8")).toBe("52\n51_1 51_2 51_3\n");
    expect((await readFile(join(bin, "sbatch.log"), "utf8")).split("\n")).toEqual([
      `101 --parsable ${runDir}/slurm/prepare.sbatch`,
      `102 --parsable --array=1,2,3 --dependency=afterok:101 ${runDir}/slurm/sample.sbatch`,
      `103 --parsable ${runDir}/slurm/finish.sbatch`,
      "",
    ]);
  });

  it("says there is nothing to resume when every shard and the finish job are done", async () => {
    for (const i of [1, 2, 3]) await recordStep(new RunFolder(runDir), `sample@shard-${i}-of-3`, record("done"));
    await recordStep(new RunFolder(runDir), "curate", record("done"));
    await recordStep(new RunFolder(runDir), "report", { ...record("done"), finished_at: "2026-01-01T01:00:00.000Z" });
    await fakeSlurm([]);
    expect(await resumeSlurm(runDir)).toEqual({ shards: [], waitingFor: [], nothing: "nothing to resume: every shard is done or queued, and the finish job is done" });
  });
});
