import { readdir } from "node:fs/promises";
import { afterAll, describe, expect, it, vi } from "vitest";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";

// A disk with `room` bytes left for the table store's JSONL staging files: writes store what fits, then nothing.
const disk = vi.hoisted(() => ({ room: Infinity }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (!String(args[0]).endsWith(".jsonl")) return handle;
      const write = handle.write.bind(handle) as (b: Buffer, o: number, l: number) => Promise<{ bytesWritten: number }>;
      return Object.assign(handle, {
        write: async (buffer: Buffer, offset: number, length: number) => {
          const n = Math.min(length, disk.room);
          disk.room -= n;
          return n > 0 ? write(buffer, offset, n) : { bytesWritten: 0 };
        },
      });
    },
  };
});

const { sampleStep } = await import("../../../src/steps/sample/sample-step.js");
const { startSimServer } = await import("../../../src/engines/sim/sim-server.js");
const { runResolved } = await import("../run-resolved.js");

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(12);
const model = { name: "m", skill: 5, meanTokens: 100 };

async function sample(dir: Awaited<ReturnType<typeof tempRun>>["run"]) {
  const server = await startSimServer({ problems, models: [model], latency: 0 });
  cleanups.push(() => server.close());
  const pipeline = { models: [{ id: "m", endpoints: [server.url], concurrency: 1 }], sampling: { samples: 4, requestSize: 2, seed: 3, flushRows: 8, verifyThreads: 0, params: { max_tokens: 800 } } };
  return runResolved(sampleStep, context(dir, pipeline));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe("sampling on a full disk", () => {
  it("stops with 'no space left on device' naming the file, shows no partial part, and a resume equals an uninterrupted run", async () => {
    const uninterrupted = await tempRun(problems);
    cleanups.push(uninterrupted.cleanup);
    await sample(uninterrupted.run);
    const clean = await storedRollouts(uninterrupted.run);
    expect(clean).toHaveLength(problems.length * 4);

    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    disk.room = 40_000; // a few parts of 8 rows fit, then the disk is full
    const error = await sample(run).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^no space left on device: cannot write .*\/rollouts\/model=m\/\.part-[^/]*\.jsonl$/);
    // What is visible is complete parts only, each equal to the uninterrupted run's rows.
    const partial = await storedRollouts(run);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(clean.length);
    for (const row of partial) expect(clean).toContainEqual(row);
    expect((await filesUnder(run.tableDir("rollouts"))).every((name) => /^part-.*\.parquet$/.test(name))).toBe(true);

    disk.room = Infinity; // space freed
    await sample(run);
    expect(await storedRollouts(run)).toEqual(clean);
  }, 20_000);
});
