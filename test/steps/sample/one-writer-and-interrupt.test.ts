import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { difficultyTable } from "../../../schemas/difficulty.js";
import { pathExists } from "../../../src/core/run-folder.js";
import { readTable } from "../../../src/core/table-store.js";
import { readManifest } from "../../../src/core/manifest.js";
import { runStep } from "../../../src/pipeline/run-step.js";
import { gradeStep } from "../../../src/steps/grade/grade-step.js";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer, type SimServer } from "../../../src/engines/sim/sim-server.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

const problems = mathProblems(10);
const models = [{ name: "m-small", skill: 4, meanTokens: 100 }, { name: "m-big", skill: 8, meanTokens: 100 }];
// Slow enough that a run takes a few seconds, so a second writer or a Ctrl-C lands mid-run.
const latency = { ttftMs: 30, tokensPerSecond: 1500, capacity: 4 };
let server: SimServer;
// While set, the server answers no completion: a run holds its lock until the test lets it go.
let gate: Promise<void> | null = null;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startSimServer({ problems, models, latency, hold: () => gate ?? undefined });
});
afterAll(async () => {
  await server.close();
  while (cleanups.length) await cleanups.pop()!();
});

// Buffers far larger than the run: nothing reaches disk before the end unless an interrupt flushes it.
function pipeline(url: string) {
  return {
    name: "writer-test",
    sources: [],
    models: models.map((m) => ({ id: m.name, endpoints: [url], concurrency: 2 })),
    sampling: { samples: 8, requestSize: 2, seed: 11, flushRows: 100_000, flushMs: 600_000, verifyThreads: 0, params: { max_tokens: 2000 } },
  };
}

async function setup() {
  const t = await tempRun(problems);
  cleanups.push(t.cleanup);
  const pipelinePath = `${t.run.dir}/writer-test.mjs`;
  await writeFile(pipelinePath, `export default ${JSON.stringify(pipeline(server.url))};\n`);
  return { ...t, pipelinePath };
}

interface Outcome {
  code: number | null;
  stderr: string;
}

function startCli(pipelinePath: string, runDir: string): { child: ChildProcess; done: Promise<Outcome>; stderr: () => string } {
  // node with tsx's loader, not npx: the exit code is rungs' own.
  // Its own process group, as a shell job is: a Ctrl-C reaches every process of it.
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "sample", pipelinePath, "--run-dir", runDir], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Outcome>((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
  return { child, done, stderr: () => stderr };
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 25));
}

describe("one writer per run folder", () => {
  it("refuses a second `rungs sample` on the same run folder at once, naming the holder", { timeout: 120_000 }, async () => {
    const { run, pipelinePath } = await setup();
    const lockPath = run.path(".locks", "sample.lock");
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    const first = startCli(pipelinePath, run.dir);
    await until(() => pathExists(lockPath));
    const holder = JSON.parse(await readFile(lockPath, "utf8")) as { pid: number; since: string };
    let second: Outcome;
    try {
      second = await startCli(pipelinePath, run.dir).done;
    } finally {
      gate = null;
      release();
    }
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`sample: the run folder ${run.dir} is being written by pid ${holder.pid} on host ${hostname()} since ${holder.since} (lock ${lockPath})\n`);
    const firstOutcome = await first.done;
    expect(firstOutcome.code, firstOutcome.stderr).toBe(0);
    expect(await pathExists(lockPath)).toBe(false);

    const rows = await storedRollouts(run);
    expect(rows).toHaveLength(10 * 2 * 8);
    await runStep(gradeStep, context(run, pipeline(server.url)));
    const difficulty = await readTable(run.tableDir(difficultyTable.name), difficultyTable);
    expect(difficulty).toHaveLength(20);
    expect(new Set(difficulty.map((d) => d.samples))).toEqual(new Set([8]));
  });
});

describe("Ctrl-C during `rungs sample`", () => {
  it("stores every finished rollout, says so, exits 130; a rerun completes to the uninterrupted result", { timeout: 180_000 }, async () => {
    const reference = await tempRun(problems);
    cleanups.push(reference.cleanup);
    await runResolved(sampleStep, context(reference.run, pipeline(server.url)));
    const expected = await storedRollouts(reference.run);

    const { run, pipelinePath } = await setup();
    const before = server.stats().sequences;
    const cli = startCli(pipelinePath, run.dir);
    // Some rollouts finished (the server answered them), then Ctrl-C at a random moment.
    await until(() => server.stats().sequences - before >= 20);
    await new Promise((r) => setTimeout(r, Math.random() * 200));
    process.kill(-cli.child.pid!, "SIGINT");
    const interrupted = await cli.done;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const match = /sample: interrupted; stored (\d+) finished rollouts, rerun to resume\n$/.exec(interrupted.stderr);
    expect(match, interrupted.stderr).not.toBeNull();
    const stored = await storedRollouts(run);
    expect(stored.length).toBe(Number(match![1]));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(expected.length);
    expect((await readManifest(run)).steps.sample.status).toBe("interrupted");

    const rerun = await startCli(pipelinePath, run.dir).done;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await storedRollouts(run)).toEqual(expected);
  });

  it("stops at once on a second Ctrl-C, still releasing its lock", { timeout: 120_000 }, async () => {
    const { run, pipelinePath } = await setup();
    const before = server.stats().sequences;
    const cli = startCli(pipelinePath, run.dir);
    await until(() => server.stats().sequences - before >= 4);
    // Signals sent back to back merge into one: the second goes as soon as the first was seen,
    // while the step is still storing (a Parquet write takes far longer than this round trip).
    let sent = false;
    cli.child.stderr!.on("data", () => {
      if (sent || !cli.stderr().includes("sample: stopping after storing what has finished")) return;
      sent = true;
      process.kill(-cli.child.pid!, "SIGINT");
    });
    process.kill(-cli.child.pid!, "SIGINT");
    const outcome = await cli.done;
    expect(outcome.code, outcome.stderr).toBe(130);
    expect(outcome.stderr).toContain("sample: stopped at once (second SIGINT)\n");
    expect(await pathExists(run.path(".locks", "sample.lock"))).toBe(false);
  });
});
