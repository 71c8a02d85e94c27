import { afterEach, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer, type SimServer } from "../../../src/engines/sim/sim-server.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function sim(problems: ReturnType<typeof mathProblems>, options: Partial<Parameters<typeof startSimServer>[0]> = {}): Promise<SimServer> {
  const server = await startSimServer({ problems, models: [{ name: "m-small", skill: 4, meanTokens: 200 }, { name: "m-big", skill: 8, meanTokens: 200 }], latency: 0, ...options });
  cleanups.push(() => server.close());
  return server;
}

describe("sampleStep", () => {
  it("stores every (problem, model, sample) once with a verdict", async () => {
    const problems = mathProblems(12);
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const server = await sim(problems);
    const pipeline = { models: [{ id: "m-small", endpoints: [server.url] }, { id: "m-big", endpoints: [server.url] }], sampling: { samples: 6, params: { max_tokens: 4000 } } };
    const result = await runResolved(sampleStep, context(run, pipeline));
    expect(result.counts.rollouts_new).toBe(12 * 2 * 6);
    const rows = await storedRollouts(run);
    expect(rows).toHaveLength(144);
    expect(new Set(rows.map((r) => `${r.model}/${r.problem_id}/${r.sample_index}`)).size).toBe(144);
    const accuracy = (m: string) => rows.filter((r) => r.model === m && r.correct).length / 72;
    expect(accuracy("m-big")).toBeGreaterThan(accuracy("m-small"));
    const again = await runResolved(sampleStep, context(run, pipeline));
    expect(again.counts.rollouts_new).toBe(0);
  });
});
