import { spawn, execFileSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/run-cli.js";
import { makeTempDir } from "../../temp-dirs.js";
import { MATH, servedPipeline, writeServedPipeline } from "../../pipeline/slurm/served-pipeline.js";
import { RUNGS_ARGV } from "./sim-command.js";

/** A small pipeline (6 math problems) whose two models are `rungs sim` processes from their serve blocks. */
async function smallServedRun(): Promise<{ dir: string; runDir: string; path: string }> {
  const dir = await makeTempDir("rungs-serve-");
  const source = join(dir, "math.jsonl");
  await writeFile(source, (await readFile(MATH, "utf8")).split("\n").slice(0, 6).join("\n") + "\n");
  const runDir = join(dir, "run");
  return { dir, runDir, path: await writeServedPipeline(dir, "small", runDir, { samples: 2, source }) };
}

function serversOf(runDir: string): string[] {
  return execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(`--problems ${runDir}`));
}

describe("rungs sample --serve and rungs serve", () => {
  it("sample --serve starts the serve blocks' servers, samples against them, stops them; rungs serve runs them until SIGINT", async () => {
    const { runDir, path } = await smallServedRun();
    expect((await runCli(["pipeline", path, "--steps", "ingest,curate"])).code).toBe(0);

    const sampled = await runCli(["sample", path, "--serve"]);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(sampled.stderr).toMatch(/^serve: small-model: .*src\/cli\.ts sim --problems .* --model small-model=4 --port \d+ --latency 0\n  log: .*logs\/serve\/small-model\.log$/m);
    expect(sampled.stderr).toMatch(/^serve: target-model: ready at http:\/\/127\.0\.0\.1:\d+\/v1 \(\d+\.\ds\)$/m);
    expect(sampled.stderr).toMatch(/sample: done \(rollouts_new=24 rollouts_stored=24 problems=6 /);
    expect(sampled.stderr).toMatch(/serve: small-model: stopped\n/);
    expect((await readdir(join(runDir, "logs", "serve"))).sort()).toEqual(["small-model.log", "target-model.log"]);
    expect(serversOf(runDir)).toEqual([]);
    // Nothing missing: no server is started at all.
    const again = await runCli(["sample", path, "--serve", "--force"]);
    expect(again.stderr).toMatch(/^sample --serve: no served model has rollouts missing here; no server started\nsample: done \(rollouts_new=0 /);

    // rungs serve as its own process: ready, answering, then Ctrl-C stops every server's process group.
    const child = spawn(RUNGS_ARGV[0], [...RUNGS_ARGV.slice(1), "serve", path, "--model", "target-model"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await expect.poll(() => stderr, { timeout: 30_000, interval: 200 }).toContain("serve: 1 server ready");
    const url = /--endpoint target-model=(\S+)/.exec(stderr)![1];
    expect(((await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual(["target-model"]);
    expect(serversOf(runDir)).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/serve: target-model: stopped\n$/);
    expect(serversOf(runDir)).toEqual([]);
  }, 60_000);

  it("sample --serve stops sampling with the server's log when a server dies and no restart is left", async () => {
    const { dir, runDir, path } = await smallServedRun();
    expect((await runCli(["pipeline", path, "--steps", "ingest,curate"])).code).toBe(0);
    // Lists its model, then dies on the first completion request.
    const crasher = `require("http").createServer((q, r) => { if (q.url.endsWith("/models")) return r.end(JSON.stringify({ data: [{ id: process.argv[2] }] })); console.error("fatal: CUDA out of memory"); process.exit(1); }).listen(Number(process.argv[1]), "127.0.0.1")`;
    const pipeline = servedPipeline("small", runDir, { samples: 2, source: join(dir, "math.jsonl") });
    for (const m of pipeline.models as { serve: Record<string, unknown> }[]) Object.assign(m.serve, { command: [process.execPath, "-e", crasher, "{port}", "{servedName}"], maxRestarts: 0 });
    // Another file: a module once imported is not read again.
    const crashing = join(dir, "crashing.mjs");
    await writeFile(crashing, `export default ${JSON.stringify(pipeline)};\n`);
    const { code, stderr } = await runCli(["sample", crashing, "--serve"]);
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/serve: (small|target)-model: the server exited with code 1\n/);
    expect(stderr).toMatch(/\nserve: (small|target)-model: the server exited with code 1 after it was ready, and 0 restarts were used \(serve.maxRestarts\)\n  command: .*\n  last lines of .*\.log:\n    fatal: CUDA out of memory\n$/);
    expect(serversOf(runDir)).toEqual([]);
  });

  it("says which models have no serve block", async () => {
    const dir = await makeTempDir("rungs-serve-");
    const path = join(dir, "plain.mjs");
    await writeFile(path, `export default ${JSON.stringify({ name: "plain", sources: [], models: [{ id: "m", endpoints: ["http://127.0.0.1:9/v1"] }] })};\n`);
    expect(await runCli(["serve", path])).toMatchObject({
      code: 2,
      stderr: "serve: no model of plain has a serve block (models[].serve: { engine, model, ... }); docs/pipeline-reference.md lists its fields\n",
    });
    expect(await runCli(["sample", path, "--serve"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^sample --serve: no model of plain has a serve block/) });
  });
});
