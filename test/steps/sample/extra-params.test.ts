import { afterEach, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import { requestBody } from "../../../src/engines/llm-client/openai-api.js";
import type { SamplingParams } from "../../../src/engines/config/model-spec.js";
import { context, mathProblems, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// vLLM and SGLang read these from the request body; the pipeline type names only four, so the test widens it.
const EXTRA = { top_k: 20, min_p: 0.05, repetition_penalty: 1.1, chat_template_kwargs: { enable_thinking: true } };

describe("sampling parameters beyond temperature/top_p/max_tokens/stop", () => {
  it("go to the server in every request body, a model's own winning, and a note says which", async () => {
    const problems = mathProblems(3);
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const bodies: Record<string, unknown>[] = [];
    const server = await startSimServer({ problems, models: [{ name: "m-a", skill: 5, meanTokens: 100 }, { name: "m-b", skill: 5, meanTokens: 100 }], latency: 0, onRequest: (body) => bodies.push({ ...body }) });
    cleanups.push(() => server.close());
    const pipeline = {
      models: [
        { id: "m-a", endpoints: [server.url] },
        { id: "m-b", endpoints: [server.url], params: { top_k: 5 } as SamplingParams },
      ],
      sampling: { samples: 2, requestSize: 2, verifyThreads: 0, params: { max_tokens: 1000, ...EXTRA } as SamplingParams },
    };
    const result = await runResolved(sampleStep, context(run, pipeline));
    const sent = (model: string) => bodies.filter((b) => b.model === model);
    expect(sent("m-a")).toHaveLength(3);
    for (const body of sent("m-a")) expect(body).toMatchObject({ ...EXTRA, temperature: 0.6, top_p: 0.95, max_tokens: 1000, n: 2 });
    for (const body of sent("m-b")) expect(body).toMatchObject({ ...EXTRA, top_k: 5 });
    expect(result.notes).toContain(
      'sample: m-a: also sends top_k=20, min_p=0.05, repetition_penalty=1.1, chat_template_kwargs={"enable_thinking":true} in every request (besides temperature, top_p, max_tokens, stop; a server may ignore a name it does not know)',
    );
    expect(result.notes?.some((n) => n.startsWith("sample: m-b: also sends top_k=5,"))).toBe(true);
  });

  it("cannot replace what rungs sets itself (model, n, seed, the prompt)", () => {
    const { body } = requestBody({ api: "chat", model: "m", messages: [], n: 2, temperature: 0.6, top_p: 1, max_tokens: 10, seed: 7, extra: { top_k: 3 } });
    expect(body).toMatchObject({ model: "m", n: 2, seed: 7, top_k: 3 });
    for (const name of ["n", "seed", "model", "messages"]) {
      expect(() => sampleStep.resolve({ name: "t", sources: [], sampling: { params: { [name]: 1 } as SamplingParams } }, {})).toThrow(`sampling.params.${name}: set by rungs for every request`);
    }
  });
});
