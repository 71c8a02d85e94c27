import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listParquetFiles } from "../../../src/core/run-folder.js";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer, type SimServer } from "../../../src/engines/sim/sim-server.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

const problems = mathProblems(10);
const models = [{ name: "m-small", skill: 4, meanTokens: 100 }, { name: "m-big", skill: 8, meanTokens: 100 }];
// Slow enough that a run takes a few seconds, so kills land mid-run.
const latency = { ttftMs: 30, tokensPerSecond: 1500, capacity: 4 };
let server: SimServer;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startSimServer({ problems, models, latency });
});
afterAll(async () => {
  await server.close();
  while (cleanups.length) await cleanups.pop()!();
});

function pipeline(url: string) {
  return {
    name: "kill-test",
    sources: [],
    models: models.map((m) => ({ id: m.name, endpoints: [url], concurrency: 2 })),
    sampling: { samples: 8, requestSize: 2, seed: 11, flushRows: 6, flushMs: 200, verifyThreads: 0, params: { max_tokens: 2000 } },
  };
}

async function groupGone(pgid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `rungs sample` as a child; kills it with SIGKILL `killAfterMs` after it writes its first new part, or lets it finish. */
async function runCli(pipelinePath: string, runDir: string, killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const partsBefore = (await listParquetFiles(`${runDir}/rollouts`)).length;
  return new Promise((resolve) => {
    const child = spawn("npx", ["tsx", "src/cli.ts", "sample", pipelinePath, "--run-dir", runDir], { cwd: process.cwd(), stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(async () => {
      if (killAfterMs === undefined || timer || (await listParquetFiles(`${runDir}/rollouts`)).length <= partsBefore) return;
      // Kill the whole group (npx → tsx → node), as a crash or OOM kill would.
      timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), killAfterMs);
    }, 50);
    child.on("exit", async (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      // npx exits before its node grandchild is gone; the next run must find the writer dead, as after a crash.
      await groupGone(child.pid!);
      resolve({ code, signal, stderr });
    });
  });
}

describe("rungs sample killed and resumed", () => {
  it("ends with exactly the rollouts of an uninterrupted run", { timeout: 120_000 }, async () => {
    const reference = await tempRun(problems);
    cleanups.push(reference.cleanup);
    await runResolved(sampleStep, context(reference.run, pipeline(server.url)));
    const expected = await storedRollouts(reference.run);
    expect(expected).toHaveLength(10 * 2 * 8);

    const killed = await tempRun(problems);
    cleanups.push(killed.cleanup);
    const pipelinePath = `${killed.run.dir}/kill-test.mjs`;
    await writeFile(pipelinePath, `export default ${JSON.stringify(pipeline(server.url))};\n`);
    const stored: number[] = [];
    for (const killAfterMs of [Math.random() * 300, Math.random() * 600]) {
      const outcome = await runCli(pipelinePath, killed.run.dir, killAfterMs);
      stored.push((await storedRollouts(killed.run)).length);
      if (outcome.signal !== "SIGKILL") expect(outcome.code, outcome.stderr).toBe(0);
    }
    const final = await runCli(pipelinePath, killed.run.dir);
    expect(final.code, final.stderr).toBe(0);
    const rows = await storedRollouts(killed.run);
    expect(new Set(rows.map((r) => `${r.model}/${r.problem_id}/${r.sample_index}`)).size).toBe(rows.length);
    expect(rows).toEqual(expected);
    // Kills landed mid-run at least once: some work was stored before the final run.
    expect(stored.some((n) => n > 0 && n < expected.length)).toBe(true);
  });
});
