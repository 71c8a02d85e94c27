import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";
import { freePort as closedPort } from "../../../src/engines/serve/free-port.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(6);

async function setup(simOptions: { maxModelLen?: number } = {}) {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  const server = await startSimServer({ problems, models: [{ name: "m", skill: 5, meanTokens: 100, ...simOptions }], latency: 0 });
  cleanups.push(() => server.close());
  return { run, server };
}

describe("sampleStep with bad input", () => {
  it("names an endpoint that does not answer", async () => {
    const { run } = await setup();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    const pipeline = { models: [{ id: "m", endpoints: [url] }], sampling: { samples: 2 } };
    await expect(runResolved(sampleStep, context(run, pipeline))).rejects.toThrow(`sample: endpoint ${url} of model m (GET ${url}/models) does not answer: fetch failed (ECONNREFUSED)`);
  });

  it("names a model the server does not serve", async () => {
    const { run, server } = await setup();
    const pipeline = { models: [{ id: "other", endpoints: [server.url] }], sampling: { samples: 2 } };
    await expect(runResolved(sampleStep, context(run, pipeline))).rejects.toThrow(`the server does not serve "other"; it serves "m"`);
  });

  it("rejects an invalid sampling parameter before any request", async () => {
    const { run, server } = await setup();
    const pipeline = { models: [{ id: "m", endpoints: [server.url] }], sampling: { samples: 2, params: { temperature: 7 } } };
    expect(() => sampleStep.resolve(context(run, pipeline).pipeline, {})).toThrow("sampling.params.temperature: expected a number from 0 to 2, got 7");
    await expect(runResolved(sampleStep, context(run, pipeline))).rejects.toThrow("sampling.params.temperature");
    expect(server.stats().requests).toBe(0);
  });

  it("refuses a model listed twice (it would be sampled twice) and a give-up time that is not a duration", async () => {
    const { run, server } = await setup();
    const twice = { models: [{ id: "m", endpoints: [server.url] }, { id: "m", endpoints: [server.url] }], sampling: { samples: 2 } };
    expect(() => sampleStep.resolve(context(run, twice).pipeline, {})).toThrow('models[1] (m).id: duplicate id "m": models[0] has it too');
    const badWait = { models: [{ id: "m", endpoints: [server.url] }], sampling: { samples: 2, giveUpAfter: "soon" } };
    expect(() => sampleStep.resolve(context(run, badWait).pipeline, {})).toThrow('sampling.giveUpAfter: expected a duration such as "5m", "90s" or "500ms", got "soon"');
    expect(server.stats().requests).toBe(0);
  });

  it("names the endpoint and request the server rejects (400)", async () => {
    const { run, server } = await setup({ maxModelLen: 1000 });
    const pipeline = { models: [{ id: "m", endpoints: [server.url] }], sampling: { samples: 2, params: { max_tokens: 4000 } } };
    const error = await runResolved(sampleStep, context(run, pipeline)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(new RegExp(`^sample: ${server.url}/chat/completions rejected the request for problem [0-9a-f]{16} samples 0\\.\\.1 \\(seed \\d+\\) \\(model m\\): HTTP 400: max_tokens \\(4000\\) exceeds`));
  });

  it("keeps finished work when the server starts answering with the wrong shape", async () => {
    const { run, server } = await setup();
    let calls = 0;
    // The first four completion requests go through; then every answer is an empty object.
    const flaky: typeof fetch = async (url, init) => {
      if (String(url).endsWith("/chat/completions") && ++calls > 4) return new Response("{}", { status: 200 });
      return fetch(url, init);
    };
    const { EndpointPool } = await import("../../../src/engines/llm-client/endpoint-pool.js");
    const original = EndpointPool.prototype.complete;
    const pipeline = { models: [{ id: "m", endpoints: [server.url], concurrency: 1 }], sampling: { samples: 2, requestSize: 2, maxAttempts: 3, backoffMs: 10, cooldownMs: 50 } };
    // Route the step's pools through the flaky fetch.
    EndpointPool.prototype.complete = function (this: InstanceType<typeof EndpointPool>, ...args) {
      (this as unknown as { fetchFn: typeof fetch }).fetchFn = flaky;
      return original.apply(this, args);
    };
    try {
      const error = await runResolved(sampleStep, context(run, pipeline)).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/^sample: no endpoint of model m answered POST …\/chat\/completions for problem [0-9a-f]{16} samples 0\.\.1 \(seed \d+\) after 3 attempts; last error from http:\/\/127\.0\.0\.1:\d+\/v1: answered with the wrong shape: `choices` is missing or not a list$/);
    } finally {
      EndpointPool.prototype.complete = original;
    }
    const rows = await storedRollouts(run);
    expect(rows).toHaveLength(8);
  });
});
