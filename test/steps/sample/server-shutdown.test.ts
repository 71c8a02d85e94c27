import { afterAll, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer, type SimServer } from "../../../src/engines/sim/sim-server.js";
import type { SimProfileName } from "../../../src/engines/sim/sim-profiles.js";
import { readTable } from "../../../src/core/table-store.js";
import { rolloutsTable } from "../../../schemas/rollouts.js";
import { context, mathProblems, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";
import { ModelUnreachableError } from "../../../src/engines/llm-client/endpoint-pool.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(6);
const model = { name: "org/m", skill: 5, meanTokens: 60 };

/**
 * Two endpoints; the first gets SIGTERM (terminate) while its first completion request is in flight. The run must
 * finish on the second with every sample stored, whatever the first does with the request it holds.
 */
async function runWithShutdown(profile: SimProfileName) {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  let doomed: SimServer | undefined;
  let seen = 0;
  const first = await startSimServer({
    problems, models: [model], latency: 0, profile,
    hold: () => {
      if (++seen === 1) doomed!.terminate();
    },
  });
  doomed = first;
  const second = await startSimServer({ problems, models: [model], latency: 0, profile });
  cleanups.push(() => first.close(), () => second.close());
  const pipeline = {
    models: [{ id: model.name, endpoints: [first.url, second.url], concurrency: 1 }],
    sampling: { samples: 4, requestSize: 4, seed: 2, verifyThreads: 0, timeoutMs: 1500, backoffMs: 10, tokenCounts: "response" as const, params: { max_tokens: 600 } },
  };
  const result = await runResolved(sampleStep, context(run, pipeline));
  return { rows: await readTable(run.tableDir(rolloutsTable.name), rolloutsTable), result, first: first.stats(), second: second.stats(), secondUrl: second.url };
}

describe("a server shut down mid-run", () => {
  it("llama.cpp keeps the in-flight request's connection open without answering: it times out and is retried on the other endpoint", async () => {
    const { rows, first, second, secondUrl } = await runWithShutdown("llamacpp");
    expect(rows).toHaveLength(problems.length * 4);
    // The held request was never answered: every stored sample came from the endpoint still up.
    expect(first.completions).toBe(0);
    expect(new Set(rows.map((r) => r.endpoint))).toEqual(new Set([secondUrl]));
    expect(second.completions).toBe(problems.length);
  }, 30_000);

  it("vLLM drains: the in-flight request is answered, later ones go to the other endpoint", async () => {
    const { rows, first, second } = await runWithShutdown("vllm");
    expect(rows).toHaveLength(problems.length * 4);
    expect(first.completions).toBe(1);
    expect(second.completions).toBe(problems.length - 1);
  }, 30_000);

  it("llama.cpp's only endpoint after SIGTERM: health probes go over new connections, so the run gives up instead of trusting a kept-alive /models", async () => {
    // After SIGTERM llama-server still answers GET /models and /health on connections kept alive from before (checked
    // against the real server), while completions on them hang; only a new connection tells that it is gone.
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    let doomed: SimServer | undefined;
    let seen = 0;
    doomed = await startSimServer({
      problems, models: [model], latency: 0, profile: "llamacpp",
      hold: () => {
        if (++seen === 3) doomed!.terminate();
      },
    });
    cleanups.push(() => doomed!.close());
    const pipeline = {
      models: [{ id: model.name, endpoints: [doomed.url], concurrency: 2 }],
      sampling: { samples: 4, requestSize: 4, seed: 2, verifyThreads: 0, timeoutMs: 700, backoffMs: 10, cooldownMs: 100, giveUpAfter: "2s", tokenCounts: "response" as const, params: { max_tokens: 600 } },
    };
    const started = performance.now();
    const error = await runResolved(sampleStep, context(run, pipeline)).then(() => undefined, (e: Error) => e);
    expect(error).toBeInstanceOf(ModelUnreachableError);
    expect(error!.message).toMatch(/no endpoint of model org\/m has answered for .* down since .* \(last error: GET \/models: fetch failed \(ECONNREFUSED\)\)\. Stored 8 finished rollouts/);
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
