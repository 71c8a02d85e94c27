import { afterEach, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import type { SimFaultOptions } from "../../../src/engines/sim/sim-faults.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(8);
const simModels = [{ name: "m-small", skill: 4, meanTokens: 150 }, { name: "m-big", skill: 8, meanTokens: 150 }];

async function sampledRun(faults: SimFaultOptions = {}, shard?: { index: number; count: number }) {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  const server = await startSimServer({ problems, models: simModels, latency: 0, faults });
  cleanups.push(() => server.close());
  const pipeline = {
    models: simModels.map((m) => ({ id: m.name, endpoints: [server.url], concurrency: 4 })),
    sampling: { samples: 6, requestSize: 4, seed: 7, timeoutMs: 400, backoffMs: 20, cooldownMs: 100, params: { max_tokens: 1500 } },
  };
  const result = await runResolved(sampleStep, context(run, pipeline, shard ? { shard } : {}));
  return { rows: await storedRollouts(run), result, stats: server.stats() };
}

describe("sampling under faults", () => {
  it("stores exactly the rollouts of a fault-free run when 20% of requests fail", async () => {
    const clean = await sampledRun();
    const faulty = await sampledRun({ rate: 0.2, stallMs: 800, retryAfterS: 0, seed: 3 });
    expect(Object.values(faulty.stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(faulty.result.details?.models).toBeDefined();
    const retries = Object.values(faulty.result.details!.models as Record<string, { retries: number }>).reduce((sum, m) => sum + m.retries, 0);
    expect(retries).toBeGreaterThan(0);
    expect(faulty.rows).toEqual(clean.rows);
    expect(clean.rows).toHaveLength(problems.length * 2 * 6);
  });

  it("unions --shard parts to the unsharded result", async () => {
    const whole = await sampledRun();
    const parts = [];
    for (let index = 0; index < 3; index++) parts.push(...(await sampledRun({}, { index, count: 3 })).rows);
    const key = (r: { model: string; problem_id: string; sample_index: number }) => `${r.model}/${r.problem_id}/${r.sample_index}`;
    parts.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const sortedWhole = [...whole.rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(parts).toEqual(sortedWhole);
  });
});
