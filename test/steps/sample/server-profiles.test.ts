import { afterAll, describe, expect, it } from "vitest";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import type { SimProfileName } from "../../../src/engines/sim/sim-profiles.js";
import type { TokenCountsSetting } from "../../../src/engines/config/model-spec.js";
import { nLimitOf } from "../../../src/steps/sample/request-chunks.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";
import { problemId } from "../../../src/core/problem-id.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(6);
const model = { name: "org/m", skill: 5, meanTokens: 100 };

async function sampled(profile: SimProfileName, slots?: number, tokenCounts?: TokenCountsSetting, props?: boolean) {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  const bodies: { n: number; seed: number }[] = [];
  const server = await startSimServer({ problems, models: [model], latency: 0, profile, slots, props, onRequest: (b) => bodies.push(b as { n: number; seed: number }) });
  cleanups.push(() => server.close());
  const pipeline = { models: [{ id: model.name, endpoints: [server.url], concurrency: 2 }], sampling: { samples: 8, requestSize: 8, seed: 9, verifyThreads: 0, tokenCounts, params: { max_tokens: 800 } } };
  const result = await runResolved(sampleStep, context(run, pipeline));
  return { rows: await storedRollouts(run), result, bodies };
}

describe("server profiles", () => {
  it("llama.cpp: the served name found among /v1/models aliases; n above its slots split into chunks with the same per-sample seeds", async () => {
    // tokenCounts "response" keeps requests of n > 1 (auto sends llama.cpp requests of one sample).
    const split = await sampled("llamacpp", 4, "response");
    const whole = await sampled("llamacpp", 16, "response");
    expect(split.rows).toHaveLength(problems.length * 8);
    // Equal samples (no per-sample token counts from requests of n > 1: null in both); request_start differs: each
    // chunk is a request of its own (0 and 4 split, 0 whole).
    const withoutStart = (rows: typeof split.rows) => rows.map(({ request_start: _r, ...rest }) => rest);
    expect(withoutStart(split.rows)).toEqual(withoutStart(whole.rows));
    // /props states 4 slots: every request asks for at most 4 from the first, chunk k with seed + 4k.
    expect(split.bodies).toHaveLength(problems.length * 2);
    expect(split.bodies.every((b) => b.n === 4)).toBe(true);
    expect(whole.bodies.every((b) => b.n === 8)).toBe(true);
    expect(new Set(split.bodies.map((b) => b.seed))).toEqual(new Set(whole.bodies.flatMap((b) => [b.seed, b.seed + 4])));
  });

  it("llama.cpp without /props (a proxy passing only /v1): the bound on n learned from the first 400", async () => {
    const split = await sampled("llamacpp", 4, "response", false);
    const whole = await sampled("llamacpp", 16, "response");
    const withoutStart = (rows: typeof split.rows) => rows.map(({ request_start: _r, ...rest }) => rest);
    expect(withoutStart(split.rows)).toEqual(withoutStart(whole.rows));
    // Requests of 8 refused with the 400 naming the bound (those sent before it was learned), then chunks of 4.
    const refused = split.bodies.filter((b) => b.n === 8);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(4); // the requests in flight: 2 workers per unit of concurrency
    const answered = split.bodies.filter((b) => b.n <= 4);
    expect(answered).toHaveLength(problems.length * 2);
    expect(new Set(answered.map((b) => b.seed))).toEqual(new Set(whole.bodies.flatMap((b) => [b.seed, b.seed + 4])));
  });

  it("stores the per-sample seed: seed + j for choice j of a request", async () => {
    const { rows, bodies } = await sampled("vllm");
    const requestSeeds = new Set(bodies.map((b) => b.seed));
    for (const row of rows) expect(requestSeeds.has(Number(row.seed) - row.sample_index)).toBe(true);
  });

  it("completions without a promptTemplate: a note names the model and the default template it gets", async () => {
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const prompts: string[] = [];
    const server = await startSimServer({ problems, models: [model], latency: 0, profile: "llamacpp", onRequest: (b) => prompts.push((b as { prompt: string }).prompt) });
    cleanups.push(() => server.close());
    const pipeline = { models: [{ id: model.name, api: "completions" as const, endpoints: [server.url], concurrency: 2 }], sampling: { samples: 2, requestSize: 2, seed: 9, verifyThreads: 0, params: { max_tokens: 800 } } };
    const progress: string[] = [];
    const result = await runResolved(sampleStep, context(run, pipeline, { progress: (e) => progress.push(String((e as { message?: string }).message ?? "")) }));
    const note = result.notes!.find((n) => n.includes("promptTemplate"));
    expect(note).toMatch(/^sample: org\/m: api "completions" without a promptTemplate sends prompts in the default DeepSeek-R1 format/);
    expect(progress).toContain(note);
    expect(await storedRollouts(run)).toHaveLength(problems.length * 2);
    expect(prompts.every((p) => p.startsWith("<｜begin▁of▁sentence｜><｜User｜>Compute "))).toBe(true);
  });

  it.each(["llamacpp", "vllm", "sglang"] as const)("%s: the up-front check reads the reported context and names the problems that cannot fit", async (profile) => {
    // One long problem: its prompt (~800 tokens by chars/4) fits the context of 1200, prompt + max_tokens 600 does not.
    const long = { ...problems[0], prompt: `${problems[0].prompt} ${"Note that the sum is an integer. ".repeat(100)}` };
    long.id = problemId("math", long.prompt);
    const some = [long, ...problems.slice(1)];
    const { run, cleanup } = await tempRun(some);
    cleanups.push(cleanup);
    const server = await startSimServer({ problems: some, models: [model], latency: 0, profile, contextTokens: 1200, slots: 4 });
    cleanups.push(() => server.close());
    const pipeline = { models: [{ id: model.name, endpoints: [server.url], concurrency: 2 }], sampling: { samples: 2, requestSize: 2, seed: 9, verifyThreads: 0, params: { max_tokens: 600 } } };
    const result = await runResolved(sampleStep, context(run, pipeline));
    const notes = result.notes!.filter((n) => n.includes("reports a context"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(new RegExp(`^sample: org/m: the server reports a context of 1200 tokens; 1 problem\\(s\\) need more for prompt \\+ max_tokens \\(600\\), prompt tokens estimated as chars/4: ${long.id} \\(~\\d+\\)\\.`));
    for (const p of problems.slice(1)) expect(notes[0]).not.toContain(p.id);
  });

  it("reads the bound on n from the servers' 400 messages", () => {
    expect(nLimitOf("HTTP 400: Field 'n': Value must be between 1 <= value <= 4, but got 8")).toBe(4);
    expect(nLimitOf("HTTP 400: n must be an integer from 1 to 1024, got 2000")).toBe(1024);
    expect(nLimitOf("HTTP 400: max_tokens (4000) exceeds this model's maximum context length (1000)")).toBeUndefined();
  });
});
